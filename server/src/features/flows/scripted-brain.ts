import type { FlowOutcome, FlowStep } from "@switchboard/contracts";
import {
  afterStep,
  type BrainEvent,
  type BrainInput,
  type FlowBrain,
  missingField,
  plainSummary,
  stepOf,
} from "./engine";
import { globalIntent, isNo, isYes, parseFieldValue, readBack } from "./fields";

/** Words the scripted brain says that the flow does not spell out, per language family. */
const LINES = {
  en: {
    again: "Sorry, I didn't catch that.",
    confirm: (v: string) => `I have ${v}. Is that right?`,
    retry: (label: string) => `Sorry, could you tell me the ${label} again?`,
    askAway: "Sure, what would you like to know?",
    noAnswer: "I don't have that information right now; our team will follow up on WhatsApp.",
    more: "Do you have any other questions?",
    wrong_number: "Sorry for the trouble. Have a good day.",
    call_back: "No problem, we will call you back later. Thank you.",
    transfer: "Of course, I will connect you to a colleague.",
  },
  hi: {
    again: "Maaf kijiye, main samajh nahi paayi.",
    confirm: (v: string) => `Maine ${v} likha hai. Kya yeh sahi hai?`,
    retry: (label: string) => `Maaf kijiye, kya aap ${label} phir se bata sakte hain?`,
    askAway: "Zaroor, aap kya jaanna chahenge?",
    noAnswer: "Yeh jaankari abhi mere paas nahi hai; hamari team WhatsApp par batayegi.",
    more: "Kya aapka koi aur sawaal hai?",
    wrong_number: "Takleef ke liye maaf kijiye. Dhanyavaad.",
    call_back: "Koi baat nahi, hum aapko baad mein call karenge. Dhanyavaad.",
    transfer: "Zaroor, main aapko ek sahkarmi se jod rahi hoon.",
  },
};

/** "Can I speak to a person?" and the like (English and Hinglish). */
export const wantsPerson = (said: string) =>
  /\b(speak|talk|connect|transfer)\b.{0,30}\b(person|human|someone|somebody|agent|representative|manager|colleague|real person)\b|\b(insaan|kisi se baat)\b/i.test(
    said,
  );

const QUESTION = /\?|^(what|how|is|are|do|does|can|could|will|would|why|when|who|which|kya|kaise|kitna)\b/i;

/**
 * The brain that needs no model: says each step's words, asks for each missing field, extracts it
 * with the typed parsers, reads identifiers back, follows the branches. A fresh install and the
 * tests run flows with it.
 */
export const scriptedBrain: FlowBrain = {
  kind: "scripted",
  async *turn(input: BrainInput): AsyncGenerator<BrainEvent> {
    // Sentences go out as separate tokens; the ones after the first carry their space.
    let first = true;
    for await (const e of scriptedTurn(input)) {
      if (e.type === "text") {
        yield first ? e : { type: "text", text: ` ${e.text}` };
        first = false;
      } else yield e;
    }
  },
};

async function* scriptedTurn(input: BrainInput): AsyncGenerator<BrainEvent> {
  {
    const lines = input.flow.language === "hi" ? LINES.hi : LINES.en;
    const { flow, state } = input;
    const said = input.said?.trim() ?? null;

    function* end(outcome: FlowOutcome): Generator<BrainEvent> {
      yield { type: "end", outcome, summary: plainSummary(flow, state, outcome) };
    }
    function* transfer(reason: string, announced = false): Generator<BrainEvent> {
      if (!announced) yield { type: "text", text: lines.transfer };
      yield { type: "tool", name: "transfer", args: { to: flow.transferNumber, reason } };
      yield* end("transferred");
    }
    /** Enter steps until one waits for an answer (a step without fields says its words and moves on). */
    function* enter(stepId: string): Generator<BrainEvent> {
      let step = stepOf(flow, stepId);
      while (step) {
        yield { type: "step", stepId: step.id };
        const field = missingField(step, state);
        if (step.say) yield { type: "text", text: step.say };
        if (field) {
          if (!step.say) yield { type: "text", text: field.ask };
          return;
        }
        // A step that only transfers (no fields): the flow says transfer.
        if (step.tools.includes("transfer") && !step.fields.length && flow.transferNumber)
          return yield* transfer(`the flow's step ${step.id}`, !!step.say);
        if (step.tools.includes("send_whatsapp"))
          yield { type: "tool", name: "send_whatsapp", args: { to: state.fields.whatsapp ?? null, stepId: step.id } };
        const then = afterStep(step, state);
        if (!then) return;
        if ("outcome" in then) return yield* end(then.outcome);
        step = stepOf(flow, then.goto);
      }
    }
    /** The step's fields are in (or one more is): ask the next one or move on. */
    function* proceed(step: FlowStep): Generator<BrainEvent> {
      const field = missingField(step, state);
      if (field) return void (yield { type: "text", text: field.ask });
      const then = afterStep(step, state);
      if (!then) return;
      if ("outcome" in then) {
        return yield* end(then.outcome);
      }
      yield* enter(then.goto);
    }

    if (said === null) return yield* enter(flow.steps[0]!.id);
    const intent = globalIntent(said);
    if (intent) {
      yield { type: "text", text: lines[intent] };
      return yield* end(intent);
    }
    const step = stepOf(flow, state.stepId);
    if (!step) return;
    // The callee asks for a person where the step allows a transfer (and the flow has a number).
    if (wantsPerson(said) && step.tools.includes("transfer") && flow.transferNumber)
      return yield* transfer("the callee asked for a person");
    const pending = state.pending;
    if (pending) {
      const field = step.fields.find((f) => f.key === pending.key)!;
      if (isYes(said) && !isNo(said)) {
        yield { type: "field", key: pending.key, value: pending.value };
        return yield* proceed(step);
      }
      yield { type: "clear_pending" };
      const corrected = parseFieldValue(field, said.replace(/^\s*no[,.!\s]+/i, ""), input.parse);
      if (corrected !== null && !/^\s*no[.!]?\s*$/i.test(said)) {
        yield { type: "pending", key: field.key, value: corrected };
        return void (yield { type: "text", text: lines.confirm(readBack(field, corrected)) });
      }
      return void (yield { type: "text", text: lines.retry(field.label.toLowerCase()) });
    }
    const field = missingField(step, state);
    if (!field) return yield* proceed(step);
    // In a step that may search the knowledge base, a question is answered from it, then the field asked again.
    if (step.tools.includes("knowledge_search")) {
      const asksForQuestions = /question|sawaal/i.test(field.ask);
      if (QUESTION.test(said)) {
        yield { type: "tool", name: "knowledge_search", args: { query: said } };
        const hits = await input.search(said);
        const answer = hits[0]?.text
          .split(/(?<=[.!?])\s+/)
          .slice(0, 2)
          .join(" ")
          .trim();
        yield { type: "text", text: answer || lines.noAnswer };
        return void (yield { type: "text", text: asksForQuestions ? lines.more : field.ask });
      }
      // "Yes" to "any questions?" means a question follows.
      if (asksForQuestions && parseFieldValue(field, said, input.parse) === "yes")
        return void (yield { type: "text", text: lines.askAway });
    }
    const value = parseFieldValue(field, said, input.parse);
    if (value === null) {
      yield { type: "text", text: lines.again };
      return void (yield { type: "text", text: field.ask });
    }
    if (field.confirm) {
      yield { type: "pending", key: field.key, value };
      return void (yield { type: "text", text: lines.confirm(readBack(field, value)) });
    }
    yield { type: "field", key: field.key, value };
    for (const tool of step.tools)
      if (tool === "book_follow_up" && (field.type === "datetime" || field.type === "date"))
        yield { type: "tool", name: "book_follow_up", args: { at: value } };
    yield* proceed(step);
  }
}
