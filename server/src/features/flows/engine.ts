import type { FieldValue, Flow, FlowOutcome, FlowStep } from "@switchboard/contracts";
import type { ParseContext } from "./fields";

/**
 * The engine contract both voice engines (ConversationRelay here, Media Streams in the calls feature)
 * and the test panel drive: text in -> streamed text out, plus collected fields, tool calls and an
 * outcome. A brain yields events; the runner (runner.ts) applies each one to the state as it comes,
 * so a brain reading `input.state` after yielding sees its own changes.
 */
export interface FlowState {
  stepId: string | null;
  fields: Record<string, FieldValue>;
  /** A value read back to the callee, kept once they say yes. */
  pending: { key: string; value: FieldValue } | null;
  outcome: FlowOutcome | null;
  summary: string | null;
  /** The next transcript sequence number. */
  seq: number;
}

export type BrainEvent =
  | { type: "text"; text: string }
  /** Said while the model is late (logged): kept in the transcript with `filler`. */
  | { type: "filler"; text: string }
  | { type: "field"; key: string; value: FieldValue }
  | { type: "pending"; key: string; value: FieldValue }
  | { type: "clear_pending" }
  | { type: "step"; stepId: string }
  | { type: "tool"; name: string; args: Record<string, unknown> }
  | { type: "end"; outcome: FlowOutcome; summary: string | null };

export interface HistoryLine {
  role: "agent" | "callee";
  text: string;
}

export interface BrainInput {
  callId: string;
  flow: Flow;
  state: FlowState;
  /** What was said so far (agent turns as played), not including `said`. */
  history: HistoryLine[];
  /** The callee's words; null for the agent's opening. */
  said: string | null;
  parse: ParseContext;
  signal: AbortSignal;
  search(query: string): Promise<{ title: string; text: string }[]>;
}

export interface FlowBrain {
  kind: "scripted" | "llm";
  turn(input: BrainInput): AsyncIterable<BrainEvent>;
}

export const stepOf = (flow: Flow, id: string | null): FlowStep | undefined => flow.steps.find((s) => s.id === id);

/** The first required field of the step not collected yet. */
export function missingField(step: FlowStep, state: FlowState) {
  return step.fields.find((f) => f.required && state.fields[f.key] === undefined);
}

export const fieldOf = (flow: Flow, key: string) => flow.steps.flatMap((s) => s.fields).find((f) => f.key === key);

/** Where the flow goes after a step whose fields are in: the first matching branch, else `next`, else the step's outcome. */
export function afterStep(step: FlowStep, state: FlowState): { goto: string } | { outcome: FlowOutcome } | null {
  for (const b of step.branches) {
    const v = state.fields[b.field];
    const holds =
      b.op === "filled"
        ? v !== undefined
        : b.op === "empty"
          ? v === undefined
          : b.op === "equals"
            ? v !== undefined && String(v).toLowerCase() === String(b.value ?? "").toLowerCase()
            : v === undefined || String(v).toLowerCase() !== String(b.value ?? "").toLowerCase();
    if (holds) return b.goto ? { goto: b.goto } : { outcome: b.outcome! };
  }
  if (step.next) return { goto: step.next };
  if (step.outcome) return { outcome: step.outcome };
  return null;
}

/** A plain summary from the outcome and what was collected (the LLM may write its own). */
export function plainSummary(flow: Flow, state: FlowState, outcome: FlowOutcome): string {
  const parts = Object.entries(state.fields).map(([k, v]) => `${fieldOf(flow, k)?.label ?? k}: ${v}`);
  return `Outcome: ${outcome.replace("_", " ")}.${parts.length ? ` ${parts.join("; ")}.` : ""}`;
}
