import {
  type TicketNoticeSettings,
  type TicketNoticeSettingsBody,
  ticketNoticeSettingsSchema,
  ticketStatusNoticeSchema,
} from "@switchboard/contracts";
import { eq } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { type AuditActor, recordAudit } from "../audit";
import { ticketNoticeSettings } from "./schema";

/** The stored notices over the defaults (all off); a status whose stored value a later contract refuses falls back to its default. */
export async function loadNoticeSettings(db: Db): Promise<TicketNoticeSettings> {
  const [row] = await db.select().from(ticketNoticeSettings).where(eq(ticketNoticeSettings.id, "default")).limit(1);
  const stored = row?.settings ?? {};
  const kept = Object.fromEntries(
    Object.entries(stored).filter(([, v]) => ticketStatusNoticeSchema.safeParse(v).success),
  );
  const parsed = ticketNoticeSettingsSchema.safeParse(kept);
  return parsed.success ? parsed.data : ticketNoticeSettingsSchema.parse({});
}

/** Admins replace the whole document (every status); audited. */
export async function saveNoticeSettings(
  db: Db,
  actor: AuditActor,
  body: TicketNoticeSettingsBody,
): Promise<TicketNoticeSettings> {
  return db.transaction(async (tx) => {
    const next = ticketNoticeSettingsSchema.parse(body);
    await tx
      .insert(ticketNoticeSettings)
      .values({ id: "default", settings: next })
      .onConflictDoUpdate({ target: ticketNoticeSettings.id, set: { settings: next, updatedAt: new Date() } });
    await recordAudit(tx, actor, {
      action: "tickets.notice_settings_updated",
      target: { type: "ticket_notice_settings", id: "default" },
      summary: "Changed the customer notices of ticket statuses",
      details: { enabled: Object.entries(next).flatMap(([s, n]) => (n.enabled ? [s] : [])) },
    });
    return next;
  });
}
