import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { z } from "zod";
import type { AppContext } from "../../../platform/context";

const uuid = z.uuid();

/**
 * A note on the call's timeline (call_events, kind `note`) from the voice engine, e.g. a fallback
 * it took. Only for a call row that exists: sandbox and test sessions carry ids of no call.
 */
export async function noteOnCall(ctx: AppContext, callId: string, summary: string, details: Record<string, unknown>) {
  if (!uuid.safeParse(callId).success) return;
  const payload = Object.fromEntries(Object.entries(details).map(([k, v]) => [k, String(v)]));
  await ctx.db.execute(sql`
    insert into call_events (call_id, event_key, kind, summary, payload)
    select ${callId}::uuid, ${`engine:${callId}:${randomUUID()}`}, 'note', ${summary}, ${JSON.stringify(payload)}::jsonb
    where exists (select 1 from calls where id = ${callId}::uuid)
    on conflict do nothing`);
}
