import { randomUUID } from "node:crypto";
import type { FlowTestResult } from "@switchboard/contracts";
import { z } from "zod";
import type { AppContext } from "../../platform/context";
import { AppError } from "../../platform/errors";
import { brainFor } from "./brains";
import { getFlow } from "./flows-store";
import { FlowRunner } from "./runner";

export const flowTestInput = z.object({
  sessionId: z.string().optional(),
  text: z.string().default(""),
  brain: z.enum(["auto", "scripted", "llm"]).default("auto"),
});

/**
 * The test panel: a person types as the callee and the same runner answers. Without a session id a
 * new run starts (id `test-<uuid>`) and the agent opens; the state between requests is the
 * flow_sessions row, so any process can take the next request.
 */
export async function runFlowTest(
  ctx: AppContext,
  flowId: string,
  body: z.infer<typeof flowTestInput>,
  now?: () => Date,
): Promise<FlowTestResult> {
  const brain = await brainFor(ctx, body.brain);
  let runner: FlowRunner;
  let said: string | null;
  if (!body.sessionId) {
    await getFlow(ctx.db, flowId);
    runner = await FlowRunner.open(ctx, { callId: `test-${randomUUID()}`, flowId, contactId: null, brain, now });
    said = null;
  } else {
    if (!body.sessionId.startsWith("test-")) throw new AppError("validation_failed", "Not a test session");
    runner = await FlowRunner.resume(ctx, body.sessionId, brain, now);
    if (runner.flow.id !== flowId) throw new AppError("not_found", "No such test session for this flow");
    said = body.text.trim();
    if (!said) throw new AppError("validation_failed", "Type what the callee says");
    if (runner.ended) throw new AppError("conflict", "This test call has ended; start a new one");
  }
  const replies: string[] = [];
  let text = "";
  for await (const out of runner.respond(said)) if (out.type === "token") text += out.text;
  if (text) replies.push(text.trim());
  return {
    sessionId: runner.callId,
    brain: brain.kind,
    replies,
    stepId: runner.state.stepId,
    fields: { ...runner.state.fields },
    toolCalls: [...runner.state.toolCalls],
    outcome: runner.state.outcome,
    summary: runner.state.summary,
    ended: runner.ended,
    turns: await runner.turns(),
  };
}
