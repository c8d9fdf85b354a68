import type { VisitorContext, VisitorContextBody } from "@switchboard/contracts";
import Bowser from "bowser";
import { eq, sql } from "drizzle-orm";
import type { Db } from "../../../platform/db/client";
import { storableOrNull } from "../../../platform/storable";
import { webchatVisitors } from "./schema";

type Device = NonNullable<VisitorContext["device"]>;

/**
 * Browser, OS and device from the User-Agent header, on the server with bowser (small, maintained,
 * no network): the widget ships no parser, and what we show comes from the request itself.
 */
export function parseUserAgent(ua: string | undefined): {
  browser: string | null;
  os: string | null;
  device: Device | null;
} {
  if (!ua) return { browser: null, os: null, device: null };
  const r = Bowser.parse(ua);
  const major = r.browser.version?.split(".")[0];
  const browser = r.browser.name ? `${r.browser.name}${major ? ` ${major}` : ""}` : null;
  const osVersion = r.os.versionName ?? r.os.version;
  const os = r.os.name ? `${r.os.name}${osVersion ? ` ${osVersion}` : ""}` : null;
  const t = r.platform.type;
  const device: Device | null =
    t === "desktop" || t === "mobile" || t === "tablet" || t === "tv" ? t : t ? "other" : null;
  return { browser, os, device };
}

const clean = (v: string | undefined, max: number) => storableOrNull(v)?.trim().slice(0, max) || null;

/** Only a real IANA zone is kept (the console computes the visitor's local time from it). */
function validTimeZone(tz: string | undefined): string | null {
  if (!tz) return null;
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return tz;
  } catch {
    return null;
  }
}

/** Records the visitor's latest page and browser; one statement (the widget calls it on every navigation). */
export async function recordVisitorContext(
  db: Db,
  p: { contactId: string; channelId: string; body: VisitorContextBody; userAgent: string | undefined },
) {
  const ua = parseUserAgent(p.userAgent);
  const row = {
    contactId: p.contactId,
    channelId: p.channelId,
    pageUrl: clean(p.body.pageUrl, 2000),
    pageTitle: clean(p.body.pageTitle, 300),
    referrer: clean(p.body.referrer, 2000),
    language: clean(p.body.language, 35),
    timeZone: validTimeZone(p.body.timeZone),
    userAgent: clean(p.userAgent, 1000),
    ...ua,
  };
  const { contactId: _k, ...update } = row;
  await db
    .insert(webchatVisitors)
    .values(row)
    .onConflictDoUpdate({
      target: webchatVisitors.contactId,
      // A navigation reports the page; a blank referrer on a later page keeps the one the visit came from.
      set: {
        ...update,
        referrer: sql`coalesce(excluded.referrer, ${webchatVisitors.referrer})`,
        updatedAt: new Date(),
      },
    });
}

export async function getVisitorContext(db: Db, contactId: string): Promise<VisitorContext | null> {
  const [r] = await db.select().from(webchatVisitors).where(eq(webchatVisitors.contactId, contactId)).limit(1);
  if (!r) return null;
  return {
    pageUrl: r.pageUrl,
    pageTitle: r.pageTitle,
    referrer: r.referrer,
    language: r.language,
    timeZone: r.timeZone,
    browser: r.browser,
    os: r.os,
    device: r.device,
    firstSeenAt: r.firstSeenAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}
