import { eq } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { webhookSubscriptions } from "./schema";

/**
 * Which event types at least one enabled subscription wants, read at most once a second per
 * database handle. The webhook drain emits thousands of domain events a second and almost always
 * nobody subscribes to most of them: one SELECT per event was a third of the drain's statements.
 * PostgreSQL stays the truth: a change made in this process is seen at once (the writers call
 * forgetSubscribedTypes), one made by another process within a second.
 */
const TTL_MS = 1_000;
const cache = new WeakMap<Db, { at: number; types: Promise<Set<string>> }>();

export function subscribedTypes(db: Db): Promise<Set<string>> {
  const hit = cache.get(db);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.types;
  const types = db
    .select({ events: webhookSubscriptions.events })
    .from(webhookSubscriptions)
    .where(eq(webhookSubscriptions.enabled, true))
    .then((rows) => new Set(rows.flatMap((r) => r.events)));
  cache.set(db, { at: Date.now(), types });
  // A failed read is not cached.
  types.catch(() => cache.delete(db));
  return types;
}

export function forgetSubscribedTypes(db: Db) {
  cache.delete(db);
}
