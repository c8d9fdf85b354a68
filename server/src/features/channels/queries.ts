import type { Channel } from "@switchboard/contracts";
import { and, asc, eq, isNull } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { type SecretBox, UnreadableSecretError } from "../../platform/secret-box";
import { capabilitiesOf, getAdapter } from "./registry";
import { channels } from "./schema";

export type ChannelRow = typeof channels.$inferSelect;

const mask = (v: string) => (v.length <= 4 ? "••••" : `••••${v.slice(-4)}`);

/**
 * The channel's credentials, or `unreadable` when no key of the ring opens them (SECRET_KEY changed
 * without the old one in SECRET_KEYS): the channel then shows "credentials unreadable: enter them
 * again" instead of failing every request that touches it. `stale`: opened with an older key.
 */
export function openSecrets(
  box: SecretBox,
  row: Pick<ChannelRow, "secretsSealed">,
): { secrets: Record<string, string>; unreadable: boolean; stale: boolean } {
  if (!row.secretsSealed) return { secrets: {}, unreadable: false, stale: false };
  try {
    const { plain, stale } = box.openWithAge(row.secretsSealed);
    return { secrets: JSON.parse(plain) as Record<string, string>, unreadable: false, stale };
  } catch (err) {
    if (err instanceof UnreadableSecretError) return { secrets: {}, unreadable: true, stale: false };
    throw err;
  }
}

/** The credentials in clear; empty when unreadable (check `openSecrets(...).unreadable` where that matters). */
export function channelSecrets(box: SecretBox, row: ChannelRow): Record<string, string> {
  return openSecrets(box, row).secrets;
}

/** Our own generated values that the admin must paste into the provider's console: shown, not masked. */
const PASTE_INTO_PROVIDER = new Set(["verifyToken"]);

/** The public shape: credentials masked, never in clear. */
export function toChannel(
  box: SecretBox,
  row: ChannelRow,
  publicUrl: string,
  uploadLimit = Number.MAX_SAFE_INTEGER,
): Channel {
  const adapter = getAdapter(row.type);
  const settings = adapter.settingsSchema.parse(row.settings);
  const { secrets, unreadable } = openSecrets(box, row);
  const hook = adapter.provider?.webhook.path.replace(":channelId", row.id);
  return {
    id: row.id,
    type: row.type,
    name: row.name,
    enabled: row.enabled,
    sandbox: row.sandbox,
    settings,
    secrets: Object.fromEntries(
      Object.entries(secrets)
        .filter(([k]) => !PASTE_INTO_PROVIDER.has(k))
        .map(([k, v]) => [k, mask(v)]),
    ),
    snippet: adapter.snippet({ id: row.id, settings }, publicUrl),
    webhook: hook ? { url: `${publicUrl}/webhooks/${hook}`, verifyToken: secrets.verifyToken ?? null } : null,
    health: {
      lastEventAt: row.lastEventAt?.toISOString() ?? null,
      lastErrorAt: row.lastErrorAt?.toISOString() ?? null,
      lastError: row.lastError,
      needsReauth: row.needsReauth,
      credentialsUnreadable: unreadable,
    },
    capabilities: capabilitiesOf(row.type, uploadLimit),
    createdAt: row.createdAt.toISOString(),
  };
}

export async function findChannel(db: Db, id: string): Promise<ChannelRow | null> {
  const [row] = await db
    .select()
    .from(channels)
    .where(and(eq(channels.id, id), isNull(channels.deletedAt)))
    .limit(1);
  return row ?? null;
}

export async function listChannels(db: Db): Promise<ChannelRow[]> {
  return db.select().from(channels).where(isNull(channels.deletedAt)).orderBy(asc(channels.createdAt));
}

/** What the inbox checks before queueing a reply on a channel (removed channels included: they refuse). */
export async function getChannelForReply(db: Db, id: string) {
  const [row] = await db
    .select({
      type: channels.type,
      settings: channels.settings,
      enabled: channels.enabled,
      deletedAt: channels.deletedAt,
    })
    .from(channels)
    .where(eq(channels.id, id))
    .limit(1);
  return row ?? null;
}

/** Channels ever connected, removed ones included (the demo seeds only a database that never had one). */
export async function countChannels(db: Db): Promise<number> {
  return db.$count(channels);
}
