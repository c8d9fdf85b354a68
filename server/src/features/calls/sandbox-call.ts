import type { FlowTurn, SandboxTurn } from "@switchboard/contracts";
import { and, eq, sql } from "drizzle-orm";
import type { SessionUser } from "../../platform/auth/identity";
import type { AppContext } from "../../platform/context";
import { AppError } from "../../platform/errors";
import { brainFor, defaultFlowId, FlowRunner, getFlow, transcriptsOf } from "../flows";
import { getContact } from "../inbox";
import { callRow, readCall } from "./queries";
import { announceCall } from "./realtime";
import { recordFlowOutcome } from "./record-outcome";
import { callEvents, calls } from "./schema";

/** Why a sandbox call has no recording (the call page says so; nothing is ever fabricated). */
export const SANDBOX_NO_RECORDING = "sandbox call";

/**
 * One turn at a time per sandbox call in this process: the runner's state is the flow_sessions row,
 * and two turns at once would both read the same sequence number. One browser tab drives a sandbox
 * call, so a per-process chain is enough.
 */
const chains = new Map<string, Promise<unknown>>();
function oneAtATime<T>(id: string, fn: () => Promise<T>): Promise<T> {
  const prev = chains.get(id) ?? Promise.resolve();
  const next = prev.then(fn, fn);
  const settled = next.catch(() => undefined);
  chains.set(id, settled);
  void settled.then(() => {
    if (chains.get(id) === settled) chains.delete(id);
  });
  return next;
}

/**
 * "Call me": a call whose callee is a person typing in the console. The row is stored answered (in
 * progress, answered by a human, sandbox), no provider is involved, and the same flow runner real
 * calls use opens the conversation: its turns go out as `flow.turn` (the dashboard's `call.turn`),
 * its end goes through recordFlowOutcome like a real call's.
 */
export async function startSandboxCall(
  ctx: AppContext,
  user: SessionUser,
  body: { contactId: string; flowId?: string | null },
): Promise<SandboxTurn> {
  const contact = await getContact(ctx.db, body.contactId, false);
  if (!contact) throw new AppError("not_found", "No such contact");
  const flowId = body.flowId ?? (await defaultFlowId(ctx.db));
  await getFlow(ctx.db, flowId);
  const now = new Date();
  const id = await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(calls)
      .values({
        direction: "outbound",
        sandbox: true,
        contactId: contact.id,
        flowId,
        fromNumber: null,
        toNumber: contact.phone ?? "sandbox",
        status: "in_progress",
        category: "in_progress",
        answeredBy: "human",
        answeredAt: now,
        recordingState: "none",
        recordingReason: SANDBOX_NO_RECORDING,
        createdBy: user.id,
      })
      .returning({ id: calls.id });
    await tx.insert(callEvents).values({
      callId: row!.id,
      eventKey: `sandbox:${row!.id}`,
      kind: "note",
      summary: `sandbox call started by ${user.name} (the callee types in the console; no phone call, no recording)`,
    });
    return row!.id;
  });
  await announceCall(ctx, id);
  return oneAtATime(id, async () => {
    const runner = await FlowRunner.open(ctx, {
      callId: id,
      flowId,
      contactId: contact.id,
      brain: await brainFor(ctx),
    });
    return turn(ctx, id, runner, null);
  });
}

/**
 * A sandbox campaign's call, stored `queued` by the dispatcher: answered at once (in progress, by a
 * human, no recording) and the flow's greeting said, so a person plays the callee from the campaign
 * page (Sandbox → Call me with the call). The claim is conditional (`queued`, sandbox only): a second
 * dispatcher run, or one after a crash, finds nothing to answer and never opens a second run.
 */
export async function answerSandboxCall(ctx: AppContext, id: string): Promise<void> {
  const fallbackFlow = await defaultFlowId(ctx.db);
  const claimed = await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(calls)
      .set({
        flowId: sql`coalesce(${calls.flowId}, ${fallbackFlow}::uuid)`,
        status: "in_progress",
        category: "in_progress",
        answeredBy: "human",
        answeredAt: sql`now()`,
        recordingState: "none",
        recordingReason: SANDBOX_NO_RECORDING,
        updatedAt: sql`now()`,
      })
      .where(and(eq(calls.id, id), eq(calls.sandbox, true), eq(calls.status, "queued")))
      .returning();
    if (row)
      await tx
        .insert(callEvents)
        .values({
          callId: id,
          eventKey: `sandbox:${id}`,
          kind: "note",
          summary: "sandbox call answered (the callee types in the console; no phone call, no recording)",
        })
        .onConflictDoNothing();
    return row ?? null;
  });
  if (!claimed?.contactId || !claimed.flowId) return;
  await announceCall(ctx, id);
  const { contactId, flowId } = claimed;
  await oneAtATime(id, async () => {
    const runner = await FlowRunner.open(ctx, { callId: id, flowId, contactId, brain: await brainFor(ctx) });
    return turn(ctx, id, runner, null);
  });
}

/** The callee's words on a sandbox call; the agent's reply comes back (and the end, when the flow ends). */
export async function saySandbox(ctx: AppContext, id: string, text: string): Promise<SandboxTurn> {
  return oneAtATime(id, async () => {
    const row = await liveSandbox(ctx, id);
    const runner = await FlowRunner.resume(ctx, row.id, await brainFor(ctx));
    if (runner.ended) throw new AppError("conflict", "This sandbox call has ended; start a new one");
    return turn(ctx, id, runner, text);
  });
}

/** The callee hangs up before the flow ends: the call completes without an outcome, like a real hang-up. */
export async function hangUpSandbox(ctx: AppContext, id: string): Promise<SandboxTurn> {
  return oneAtATime(id, async () => {
    await liveSandbox(ctx, id);
    await complete(ctx, id, "the callee hung up (sandbox)");
    return { call: await readCall(ctx.db, id), replies: [], turns: await turnsOf(ctx, id), ended: true };
  });
}

/** The call, when it is a sandbox call still in progress (else not_found / conflict, with why). */
export async function liveSandbox(ctx: AppContext, id: string) {
  const row = await callRow(ctx.db, id);
  if (!row) throw new AppError("not_found", "No such call");
  if (!row.sandbox) throw new AppError("conflict", "This is a real phone call, not a sandbox call");
  if (row.status !== "in_progress") throw new AppError("conflict", "This sandbox call has ended; start a new one");
  return row;
}

async function turn(ctx: AppContext, id: string, runner: FlowRunner, said: string | null): Promise<SandboxTurn> {
  let reply = "";
  let end: { outcome: NonNullable<typeof runner.state.outcome>; summary: string | null } | null = null;
  for await (const out of runner.respond(said)) {
    if (out.type === "token") reply += out.text;
    else end = { outcome: out.outcome, summary: out.summary };
  }
  if (end) {
    // The bus listener records it too; the conditional UPDATE lets one of them write it.
    await recordFlowOutcome(ctx, {
      callId: id,
      flowId: runner.flow.id,
      contactId: runner.contactId,
      outcome: end.outcome,
      fields: { ...runner.state.fields },
      summary: end.summary,
      toolCalls: [...runner.state.toolCalls],
    });
    await complete(ctx, id, `sandbox call ended by the flow: ${end.outcome.replace("_", " ")}`);
  }
  return {
    call: await readCall(ctx.db, id),
    replies: reply.trim() ? [reply.trim()] : [],
    turns: await runner.turns(),
    ended: end !== null,
  };
}

async function complete(ctx: AppContext, id: string, note: string) {
  const done = await ctx.db.transaction(async (tx) => {
    const rows = await tx
      .update(calls)
      .set({
        status: "completed",
        category: "completed",
        endedAt: sql`now()`,
        durationSeconds: sql`greatest(0, round(extract(epoch from (now() - ${calls.answeredAt}))))::int`,
        updatedAt: sql`now()`,
      })
      .where(and(eq(calls.id, id), eq(calls.status, "in_progress")))
      .returning({ id: calls.id });
    if (rows.length)
      await tx
        .insert(callEvents)
        .values({ callId: id, eventKey: `sandbox-end:${id}`, kind: "status", summary: note })
        .onConflictDoNothing();
    return rows.length > 0;
  });
  if (done) await announceCall(ctx, id);
}

async function turnsOf(ctx: AppContext, id: string): Promise<FlowTurn[]> {
  return (await transcriptsOf(ctx.db, [id])).get(id) ?? [];
}
