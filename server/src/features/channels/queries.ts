import type { Channel } from "@switchboard/contracts";
import { and, asc, eq, isNull } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import type { SecretBox } from "../../platform/secret-box";
import { capabilitiesOf, getAdapter } from "./registry";
import { channels } from "./schema";

export type ChannelRow = typeof channels.$inferSelect;

const mask = (v: string) => (v.length <= 4 ? "••••" : `••••${v.slice(-4)}`);

export function channelSecrets(box: SecretBox, row: ChannelRow): Record<string, string> {
  return row.secretsSealed ? box.openJson<Record<string, string>>(row.secretsSealed) : {};
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
  const secrets = channelSecrets(box, row);
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
