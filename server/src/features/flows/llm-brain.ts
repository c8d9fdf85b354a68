import { type FlowOutcome, flowOutcomeSchema } from "@switchboard/contracts";
import { type LanguageModel, type ModelMessage, stepCountIs, streamText, tool } from "ai";
import { z } from "zod";
import type { Logger } from "../../platform/logger";
import type { BrainEvent, BrainInput, FlowBrain } from "./engine";
import { afterStep, fieldOf, missingField, plainSummary, stepOf } from "./engine";
import { readBack, validateFieldValue } from "./fields";
import { scriptedBrain } from "./scripted-brain";

const FILLER: Record<string, string> = {
  en: "One moment, please. ",
  "en-IN": "One moment, please. ",
  hi: "Ek pal, kripya. ",
};

export interface LlmBrainOptions {
  model: LanguageModel;
  temperature?: number;
  /** Time to the first token before a filler is said (and logged); the same again before the scripted brain answers instead. */
  firstTokenMs: number;
  log: Pick<Logger, "warn" | "error">;
}

function instructionsFor(input: BrainInput): string {
  const { flow, state } = input;
  const step = stepOf(flow, state.stepId) ?? flow.steps[0]!;
  const missing = step.fields.filter((f) => state.fields[f.key] === undefined);
  const collected = Object.entries(state.fields).map(([k, v]) => `- ${k}: ${v}`);
  return [
    flow.persona,
    `You are on a phone call. Language: ${flow.language}. Speak in short, natural sentences (no lists, no markdown); ask one thing at a time.`,
    `Steps of the call:\n${flow.steps.map((s) => `- ${s.id} (${s.name}): ${s.goal}`).join("\n")}`,
    `Current step: ${step.id}. Goal: ${step.goal}${step.say ? `\nSuggested words: ${step.say}` : ""}`,
    missing.length
      ? `Still to collect in this step:\n${missing.map((f) => `- ${f.key} (${f.type}${f.choices.length ? `: ${f.choices.join("/")}` : ""}): ${f.ask}${f.confirm ? " [read it back and wait for a yes before set_field]" : ""}`).join("\n")}`
      : "Everything in this step is collected: call next_step.",
    collected.length ? `Collected so far:\n${collected.join("\n")}` : "",
    state.pending ? `Waiting for the callee to confirm ${state.pending.key} = ${state.pending.value}.` : "",
    "Read names, numbers and e-mail addresses back to the callee and wait for a yes before calling set_field. Call set_field as soon as a value is confirmed, next_step when the step is done (the branches decide where), end_call with the outcome when the call should end. Answer questions only from search_knowledge; never promise prices or dates you were not given.",
  ]
    .filter(Boolean)
    .join("\n\n");
}

function messagesFor(input: BrainInput): ModelMessage[] {
  const msgs: ModelMessage[] = input.history.map((h) =>
    h.role === "agent" ? { role: "assistant", content: h.text } : { role: "user", content: h.text },
  );
  msgs.push({ role: "user", content: input.said ?? "(The call was answered. Open the call.)" });
  return msgs;
}

/**
 * The LLM brain: the AI feature's configured model through the AI SDK, streamed (text deltas go out
 * as they arrive), with tools set_field / next_step / end_call / search_knowledge. A value the model
 * sets goes through the same typed parser as the scripted brain's. A late first token gets a filler
 * (logged); a model that stays silent or fails is logged and the scripted brain answers the turn.
 */
export function llmBrain(opts: LlmBrainOptions): FlowBrain {
  return {
    kind: "llm",
    async *turn(input: BrainInput): AsyncGenerator<BrainEvent> {
      const { flow, state } = input;
      const queue: BrainEvent[] = [];
      const step = () => stepOf(flow, state.stepId) ?? flow.steps[0]!;
      if (!state.stepId) queue.push({ type: "step", stepId: flow.steps[0]!.id });
      const allowed = new Set(step().tools);
      const tools = {
        set_field: tool({
          description: "Keep a value the callee gave (after they confirmed it when it is a name, number or e-mail).",
          inputSchema: z.object({ key: z.string(), value: z.union([z.string(), z.number()]) }),
          execute: async ({ key, value }) => {
            const field = fieldOf(flow, key);
            if (!field) return `There is no field ${key}.`;
            const parsed = validateFieldValue(field, value, input.parse);
            if (parsed === null) return `That is not a valid ${field.type}; ask again.`;
            queue.push({ type: "field", key, value: parsed });
            state.fields[key] = parsed;
            return `Saved ${key} = ${readBack(field, parsed)}.`;
          },
        }),
        next_step: tool({
          description: "The current step is done: move to the step its branches choose (or the one you name).",
          inputSchema: z.object({ step_id: z.string().optional() }),
          execute: async ({ step_id }) => {
            const cur = step();
            const missing = missingField(cur, state);
            if (missing) return `Still missing ${missing.key}: ${missing.ask}`;
            const then = afterStep(cur, state);
            const target = step_id && stepOf(flow, step_id) ? step_id : then && "goto" in then ? then.goto : null;
            if (!target && then && "outcome" in then) {
              queue.push({ type: "end", outcome: then.outcome, summary: plainSummary(flow, state, then.outcome) });
              return `The call ends with ${then.outcome}: say goodbye.`;
            }
            if (!target) return "There is no next step: call end_call.";
            queue.push({ type: "step", stepId: target });
            state.stepId = target;
            const s = stepOf(flow, target)!;
            return `Now in step ${target}: ${s.goal}${s.say ? ` Suggested words: ${s.say}` : ""}`;
          },
        }),
        end_call: tool({
          description: "End the call with its outcome and a one-sentence summary; say goodbye in the same reply.",
          inputSchema: z.object({ outcome: flowOutcomeSchema, summary: z.string().max(500).optional() }),
          execute: async ({ outcome, summary }) => {
            queue.push({
              type: "end",
              outcome: outcome as FlowOutcome,
              summary: summary || plainSummary(flow, state, outcome),
            });
            return "Say goodbye now.";
          },
        }),
        ...(allowed.has("transfer") && flow.transferNumber
          ? {
              transfer_call: tool({
                description:
                  "Hand the call to a colleague (the callee asked for a person, or the step says so); say one short line first.",
                inputSchema: z.object({ reason: z.string().max(200).optional() }),
                execute: async ({ reason }) => {
                  queue.push({
                    type: "tool",
                    name: "transfer",
                    args: { to: flow.transferNumber, reason: reason ?? null },
                  });
                  queue.push({
                    type: "end",
                    outcome: "transferred",
                    summary: plainSummary(flow, state, "transferred"),
                  });
                  return "The call is being transferred: say you are connecting them now, nothing else.";
                },
              }),
            }
          : {}),
        ...(allowed.has("knowledge_search")
          ? {
              search_knowledge: tool({
                description: "Search the knowledge base to answer the callee's question.",
                inputSchema: z.object({ query: z.string().min(1).max(300) }),
                execute: async ({ query }) => {
                  const hits = await input.search(query);
                  return hits.length
                    ? hits.map((h, i) => `${i + 1}. ${h.title}: ${h.text}`).join("\n")
                    : "Nothing found.";
                },
              }),
            }
          : {}),
      };
      const controller = new AbortController();
      const onAbort = () => controller.abort();
      input.signal.addEventListener("abort", onAbort);
      const failures: unknown[] = [];
      const result = streamText({
        model: opts.model,
        instructions: instructionsFor(input),
        messages: messagesFor(input),
        tools,
        stopWhen: stepCountIs(4),
        temperature: opts.temperature,
        maxRetries: 0,
        abortSignal: controller.signal,
        onError: ({ error }) => void failures.push(error),
      });
      const it = result.fullStream[Symbol.asyncIterator]();
      const late = () => new Promise<"late">((r) => setTimeout(() => r("late"), opts.firstTokenMs).unref());
      let wrote = false;
      type Next = IteratorResult<{ type: string; text?: string; error?: unknown }>;
      let waiting: Promise<Next> | null = null;
      let lateCount = 0;
      try {
        while (true) {
          const next: Promise<Next> = waiting ?? (it.next() as Promise<Next>);
          waiting = null;
          const got = wrote ? await next : await Promise.race([next, late()]);
          if (got === "late") {
            lateCount++;
            if (lateCount === 1) {
              opts.log.warn({ callId: input.callId, ms: opts.firstTokenMs }, "flow LLM late: filler said");
              yield { type: "filler", text: FILLER[flow.language] ?? FILLER.en! };
              waiting = next;
              continue;
            }
            next.catch(() => {});
            controller.abort();
            opts.log.error({ callId: input.callId }, "flow LLM silent: the scripted brain answers this turn");
            break;
          }
          if (got.done) break;
          yield* drain(got.value);
        }
      } catch (err) {
        failures.push(err);
      } finally {
        input.signal.removeEventListener("abort", onAbort);
      }
      while (queue.length) yield queue.shift()!;
      if (input.signal.aborted) return;
      if (!wrote) {
        if (failures.length)
          opts.log.error(
            { callId: input.callId, err: failures[0] },
            "flow LLM failed: the scripted brain answers this turn",
          );
        yield* scriptedBrain.turn(input);
      }

      function* drain(part: { type: string; text?: string; error?: unknown }): Generator<BrainEvent> {
        while (queue.length) yield queue.shift()!;
        if (part.type === "text-delta" && part.text) {
          wrote = true;
          yield { type: "text", text: part.text };
        } else if (part.type === "error") failures.push(part.error);
      }
    },
  };
}
