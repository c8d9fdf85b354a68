import type { ChannelType } from "@switchboard/contracts";
import { and, eq, isNull } from "drizzle-orm";
import type { AppContext } from "../../platform/context";
import type { ChannelConfig } from "./adapter";
import { type ChannelRow, openSecrets } from "./queries";
import { findAdapter, sandboxPath } from "./registry";
import { channels } from "./schema";

export type LoadedChannel = ChannelConfig & { row: ChannelRow };

const TTL_MS = 15_000;
const caches = new WeakMap<AppContext, { at: number; byId: Map<string, LoadedChannel> }>();
const warned = new Set<string>();

/**
 * Decrypted channel configs, cached briefly: webhooks are verified without a database read, and
 * an edit is seen at once in this process (invalidate) and within seconds in others (TTL).
 */
export async function loadChannels(ctx: AppContext): Promise<Map<string, LoadedChannel>> {
  const hit = caches.get(ctx);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.byId;
  const rows = await ctx.db.select().from(channels).where(isNull(channels.deletedAt));
  const byId = new Map<string, LoadedChannel>();
  for (const row of rows) {
    const adapter = findAdapter(row.type);
    if (!adapter) continue;
    const settings = adapter.settingsSchema.safeParse(row.settings);
    if (!settings.success) {
      ctx.log.error({ channelId: row.id }, "channel settings no longer valid; channel skipped");
      continue;
    }
    const { secrets, unreadable, stale } = openSecrets(ctx.secrets, row);
    if (unreadable) {
      // Left out, so its webhooks find no channel to verify against (401/404, never a 500) and
      // nothing is sent with it; the channel page says "credentials unreadable: enter them again".
      if (!warned.has(row.id))
        ctx.log.warn({ channelId: row.id }, "channel credentials unreadable with the configured keys");
      warned.add(row.id);
      continue;
    }
    warned.delete(row.id);
    if (stale) await resealChannel(ctx, row);
    byId.set(row.id, {
      id: row.id,
      type: row.type,
      name: row.name,
      settings: settings.data,
      secrets,
      apiBase: row.sandbox
        ? `${ctx.internalUrl()}${sandboxPath(row.type)}`
        : ((ctx.config.providerUrls as Record<string, string>)[row.type] ?? ""),
      row,
    });
  }
  caches.set(ctx, { at: Date.now(), byId });
  return byId;
}

/**
 * Seals a channel's credentials again with the newest key (after a rotation), on first access. The
 * compare-and-set on the old value keeps a concurrent edit of the credentials from being overwritten.
 */
export async function resealChannel(ctx: AppContext, row: Pick<ChannelRow, "id" | "secretsSealed">): Promise<boolean> {
  if (!row.secretsSealed) return false;
  const next = ctx.secrets.reseal(row.secretsSealed);
  if (!next) return false;
  const done = await ctx.db
    .update(channels)
    .set({ secretsSealed: next })
    .where(and(eq(channels.id, row.id), eq(channels.secretsSealed, row.secretsSealed)))
    .returning({ id: channels.id });
  return done.length > 0;
}

export function invalidateChannels(ctx: AppContext) {
  caches.delete(ctx);
}

export async function loadChannel(ctx: AppContext, id: string): Promise<LoadedChannel | null> {
  return (await loadChannels(ctx)).get(id) ?? null;
}

/** True when the last load left this channel out because no configured key opens its credentials. */
export function credentialsUnreadable(id: string): boolean {
  return warned.has(id);
}

export async function channelsOfType(ctx: AppContext, type: ChannelType): Promise<LoadedChannel[]> {
  return [...(await loadChannels(ctx)).values()].filter((c) => c.type === type);
}

/** Health bookkeeping shown on the channel page. */
export async function recordChannelHealth(
  ctx: AppContext,
  id: string,
  h: { event?: boolean; error?: string | null; reauth?: boolean },
) {
  const now = new Date();
  await ctx.db
    .update(channels)
    .set({
      ...(h.event ? { lastEventAt: now } : {}),
      ...(h.error ? { lastError: h.error.slice(0, 500), lastErrorAt: now } : {}),
      ...(h.reauth !== undefined ? { needsReauth: h.reauth } : {}),
    })
    .where(and(eq(channels.id, id)));
  if (h.reauth !== undefined) invalidateChannels(ctx);
}
