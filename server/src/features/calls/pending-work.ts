import { and, eq, sql } from "drizzle-orm";
import type { AppContext } from "../../platform/context";
import { announceCall } from "./realtime";
import { type CallRow, callEvents, calls } from "./schema";

/**
 * The scaffold of a call's after-the-call work (the recording's transcript, the follow-up WhatsApp):
 * each is a `*_state` column that is `pending` while its job owns it, and ends once with a final
 * state, a timeline note and `call.updated`. A job reads the call only while its work is pending.
 */
type PendingColumn = typeof calls.transcriptState | typeof calls.followUpState;

/** The call, when its work in `column` is still pending (else null: done, never asked, or no such call). */
export async function pendingCall(ctx: AppContext, callId: string, column: PendingColumn): Promise<CallRow | null> {
  const [row] = await ctx.db
    .select()
    .from(calls)
    .where(and(eq(calls.id, callId), eq(column, "pending")))
    .limit(1);
  return row ?? null;
}

/**
 * Ends the pending work: `set` is written only while `column` is still `pending` (a second run, or
 * a retry racing the first, changes nothing), with the note under `<noteKey>:<callId>` in the same
 * transaction, then `call.updated` after commit. Returns whether this run ended it.
 */
export async function settlePending(
  ctx: AppContext,
  callId: string,
  column: PendingColumn,
  set: Partial<typeof calls.$inferInsert>,
  note: { key: string; summary: string },
): Promise<boolean> {
  const done = await ctx.db.transaction(async (tx) => {
    const rows = await tx
      .update(calls)
      .set({ ...set, updatedAt: sql`now()` })
      .where(and(eq(calls.id, callId), eq(column, "pending")))
      .returning({ id: calls.id });
    if (rows.length)
      await tx
        .insert(callEvents)
        .values({ callId, eventKey: `${note.key}:${callId}`, kind: "note", summary: note.summary })
        .onConflictDoNothing();
    return rows.length > 0;
  });
  if (done) await announceCall(ctx, callId);
  return done;
}
