import type { FieldValue, Flow, FlowOutcome, FlowToolCall, FlowTurn } from "@switchboard/contracts";
import { and, asc, desc, eq } from "drizzle-orm";
import type { AppContext } from "../../platform/context";
import { AppError } from "../../platform/errors";
import { searchWithEmbeddings } from "../ai";
import type { BrainEvent, FlowBrain, FlowState, HistoryLine } from "./engine";
import type { ParseContext } from "./fields";
import { getFlow } from "./flows-store";
import { flowSessions, flowTurns } from "./schema";
import { toTurn } from "./turns";

/** What a runner streams to an engine: text as it comes, then the end of the call when the flow ends. */
export type RunnerOutput =
  | { type: "token"; text: string; filler?: boolean }
  | { type: "end"; outcome: FlowOutcome; summary: string | null; fields: Record<string, FieldValue> };

/**
 * What the engine measured before the turn reached the runner: when the callee's turn ended
 * (performance.now()) and how long speech recognition took. The runner measures the LLM's first
 * token; an engine that makes audio calls firstAudio() when its first frame goes out.
 */
export interface TurnTiming {
  endOfTurnAt?: number;
  asrMs?: number | null;
  /**
   * The reply's text is complete: an engine that buffers text into sentences says the rest now,
   * awaited before the turn is written, so a last (or only) sentence's first audio is in the turn.
   */
  textDone?: () => Promise<void>;
}

interface StoredState extends FlowState {
  toolCalls: FlowToolCall[];
}

/** Indian numbers and time for the Indian languages; the configured country otherwise. */
function parseContextFor(ctx: AppContext, flow: Flow, now: Date): ParseContext {
  const indian = flow.language === "hi" || flow.language === "en-IN";
  return {
    now,
    timeZone: indian ? "Asia/Kolkata" : "UTC",
    defaultCountry: indian ? "IN" : (ctx.config.defaultCountry ?? "IN"),
  };
}

/**
 * One run of a flow (a call or a test session). It owns the state: brain events are applied as they
 * stream, the text goes out token by token, and after each turn the transcript and state are
 * written in one transaction, then `flow.turn` (and `flow.finished`) go out. One runner per call,
 * driven by one socket (or one test request at a time); the state between requests is the row.
 */
export class FlowRunner {
  private current: {
    controller: AbortController;
    played: string | null;
    startedAt: number;
    firstTokenAt: number | null;
    firstAudioAt: number | null;
  } | null = null;
  private lastAgentSeq: number | null = null;

  private constructor(
    private readonly ctx: AppContext,
    readonly callId: string,
    readonly flow: Flow,
    readonly contactId: string | null,
    readonly brain: FlowBrain,
    readonly state: StoredState,
    readonly history: HistoryLine[],
    private readonly now: () => Date,
  ) {}

  /** Starts a run (idempotent per call id: Twilio may reconnect a call's socket; the run resumes). */
  static async open(
    ctx: AppContext,
    opts: { callId: string; flowId: string; contactId: string | null; brain: FlowBrain; now?: () => Date },
  ): Promise<FlowRunner> {
    const existing = await FlowRunner.resume(ctx, opts.callId, opts.brain, opts.now).catch((err) => {
      if (err instanceof AppError && err.code === "not_found") return null;
      throw err;
    });
    if (existing) return existing;
    const flow = await getFlow(ctx.db, opts.flowId);
    const state: StoredState = {
      stepId: null,
      fields: {},
      pending: null,
      outcome: null,
      summary: null,
      seq: 0,
      toolCalls: [],
    };
    await ctx.db
      .insert(flowSessions)
      .values({
        callId: opts.callId,
        flowId: flow.id,
        flowVersion: flow.version,
        contactId: opts.contactId,
        brain: opts.brain.kind,
        state: state as unknown as Record<string, unknown>,
      })
      .onConflictDoNothing();
    return new FlowRunner(
      ctx,
      opts.callId,
      flow,
      opts.contactId,
      opts.brain,
      state,
      [],
      opts.now ?? (() => new Date()),
    );
  }

  static async resume(ctx: AppContext, callId: string, brain: FlowBrain, now?: () => Date): Promise<FlowRunner> {
    const [row] = await ctx.db.select().from(flowSessions).where(eq(flowSessions.callId, callId)).limit(1);
    if (!row) throw new AppError("not_found", "No such flow session");
    const flow = await getFlow(ctx.db, row.flowId);
    const turns = await ctx.db.select().from(flowTurns).where(eq(flowTurns.callId, callId)).orderBy(asc(flowTurns.seq));
    const history = turns.map((t) => ({ role: t.role, text: t.text }));
    const runner = new FlowRunner(
      ctx,
      callId,
      flow,
      row.contactId,
      brain,
      row.state as unknown as StoredState,
      history,
      now ?? (() => new Date()),
    );
    runner.lastAgentSeq = [...turns].reverse().find((t) => t.role === "agent")?.seq ?? null;
    return runner;
  }

  get ended() {
    return this.state.outcome !== null;
  }

  async turns(): Promise<FlowTurn[]> {
    const rows = await this.ctx.db
      .select()
      .from(flowTurns)
      .where(eq(flowTurns.callId, this.callId))
      .orderBy(asc(flowTurns.seq));
    return rows.map(toTurn);
  }

  /** The agent's reply to what the callee said (null: the opening), streamed. */
  async *respond(said: string | null, timing: TurnTiming = {}): AsyncGenerator<RunnerOutput> {
    if (this.ended) return;
    this.current?.controller.abort();
    const current = {
      controller: new AbortController(),
      played: null as string | null,
      startedAt: performance.now(),
      firstTokenAt: null as number | null,
      firstAudioAt: null as number | null,
    };
    this.current = current;
    const pieces: { text: string; filler: boolean }[] = [];
    const stepAtStart = this.state.stepId;
    const input = {
      callId: this.callId,
      flow: this.flow,
      state: this.state,
      history: [...this.history],
      said,
      parse: parseContextFor(this.ctx, this.flow, this.now()),
      signal: current.controller.signal,
      search: async (query: string) =>
        (await searchWithEmbeddings(this.ctx, { query, limit: 3 })).results.map((r) => ({
          title: r.source.title,
          text: r.content,
        })),
    };
    for await (const event of this.brain.turn(input)) {
      if (current.controller.signal.aborted) break;
      const out = this.apply(event);
      if (event.type === "text" || event.type === "filler") {
        pieces.push({ text: event.text, filler: event.type === "filler" });
        current.firstTokenAt ??= performance.now();
      }
      if (out) yield out;
    }
    await timing.textDone?.();
    // Until the turn is written, an interrupt lands on it (current.played); after, on its row.
    let used: string | null = null;
    try {
      used = await this.record(said, pieces, () => current.played, stepAtStart, latencyOf(current, timing));
    } finally {
      if (this.current === current) this.current = null;
    }
    // An interrupt that came while the turn was being written lands on its row.
    if (current.played !== null && used === null && pieces.length) await this.cutLastAgentTurn(current.played);
    if (this.ended)
      yield {
        type: "end",
        outcome: this.state.outcome!,
        summary: this.state.summary,
        fields: { ...this.state.fields },
      };
  }

  /** The engine sent the reply's first audio frame (Media Streams); relay and sandbox never call it. */
  firstAudio(at = performance.now()): void {
    if (this.current) this.current.firstAudioAt ??= at;
  }

  /**
   * The callee spoke over the agent: only `played` (what Twilio had spoken) stays in the transcript and
   * the model's context; a reply still being generated stops.
   */
  async interrupted(played: string): Promise<void> {
    if (this.current) {
      this.current.played = played;
      this.current.controller.abort();
      return;
    }
    await this.cutLastAgentTurn(played);
  }

  private async cutLastAgentTurn(played: string) {
    if (this.lastAgentSeq === null) return;
    const seq = this.lastAgentSeq;
    const [row] = await this.ctx.db
      .select()
      .from(flowTurns)
      .where(and(eq(flowTurns.callId, this.callId), eq(flowTurns.seq, seq)))
      .limit(1);
    if (!row || row.interrupted) return;
    const [updated] = await this.ctx.db
      .update(flowTurns)
      .set({ text: played, intended: row.text, interrupted: true })
      .where(and(eq(flowTurns.callId, this.callId), eq(flowTurns.seq, seq)))
      .returning();
    const last = [...this.history].reverse().find((h) => h.role === "agent");
    if (last) last.text = played;
    if (updated) this.ctx.bus.emit("flow.turn", { callId: this.callId, flowId: this.flow.id, turn: toTurn(updated) });
  }

  /** The call ended outside the flow (hang-up, voicemail, no answer): record the outcome once. */
  async finish(outcome: FlowOutcome, summary: string | null = null): Promise<void> {
    if (this.ended) return;
    this.state.outcome = outcome;
    this.state.summary = summary;
    await this.record(null, [], () => null, this.state.stepId);
  }

  private apply(event: BrainEvent): RunnerOutput | null {
    const s = this.state;
    switch (event.type) {
      case "text":
        return { type: "token", text: event.text };
      case "filler":
        return { type: "token", text: event.text, filler: true };
      case "field":
        s.fields[event.key] = event.value;
        if (s.pending?.key === event.key) s.pending = null;
        return null;
      case "pending":
        s.pending = { key: event.key, value: event.value };
        return null;
      case "clear_pending":
        s.pending = null;
        return null;
      case "step":
        s.stepId = event.stepId;
        return null;
      case "tool":
        s.toolCalls.push({ name: event.name, args: event.args });
        return null;
      case "end":
        s.outcome = event.outcome;
        s.summary = event.summary;
        return null;
    }
  }

  /** The turn's transcript and the state in one transaction; the events after commit. */
  private async record(
    said: string | null,
    pieces: { text: string; filler: boolean }[],
    played: () => string | null,
    stepAtStart: string | null,
    latency: TurnLatency | null = null,
  ): Promise<string | null> {
    const s = this.state;
    let cut: string | null = null;
    const rows: (typeof flowTurns.$inferInsert)[] = [];
    if (said !== null && said.trim())
      rows.push({ callId: this.callId, seq: s.seq++, role: "callee", text: said.trim(), stepId: stepAtStart });
    if (pieces.length) {
      const intended = pieces.map((p) => p.text).join("");
      cut = played();
      const interrupted = cut !== null;
      const agentText = cut ?? intended;
      rows.push({
        callId: this.callId,
        seq: s.seq++,
        role: "agent",
        text: agentText,
        intended: interrupted ? intended : null,
        interrupted,
        filler: pieces.some((p) => p.filler),
        stepId: s.stepId,
        ...latency,
      });
    }
    const finishing = s.outcome !== null;
    const written = await this.ctx.db.transaction(async (tx) => {
      const inserted = rows.length ? await tx.insert(flowTurns).values(rows).returning() : [];
      await tx
        .update(flowSessions)
        .set({
          state: s as unknown as Record<string, unknown>,
          outcome: s.outcome,
          summary: s.summary,
          updatedAt: new Date(),
          ...(finishing ? { endedAt: this.now() } : {}),
        })
        .where(eq(flowSessions.callId, this.callId));
      return inserted;
    });
    for (const r of written) {
      this.history.push({ role: r.role, text: r.text });
      if (r.role === "agent") this.lastAgentSeq = r.seq;
      this.ctx.bus.emit("flow.turn", { callId: this.callId, flowId: this.flow.id, turn: toTurn(r) });
    }
    if (finishing)
      this.ctx.bus.emit("flow.finished", {
        callId: this.callId,
        flowId: this.flow.id,
        contactId: this.contactId,
        outcome: s.outcome!,
        fields: { ...s.fields },
        summary: s.summary,
        toolCalls: [...s.toolCalls],
      });
    return cut;
  }
}

export interface TurnLatency {
  asrMs: number | null;
  llmFirstTokenMs: number | null;
  ttsFirstAudioMs: number | null;
  voiceToVoiceMs: number | null;
}

const ms = (v: number) => Math.max(0, Math.round(v));

/** The stage timings of one reply (see flow_turns' latency columns). */
function latencyOf(
  t: { startedAt: number; firstTokenAt: number | null; firstAudioAt: number | null },
  timing: TurnTiming,
): TurnLatency {
  const firstOutput = t.firstAudioAt ?? t.firstTokenAt;
  const start = timing.endOfTurnAt ?? t.startedAt;
  return {
    asrMs: timing.asrMs != null ? ms(timing.asrMs) : null,
    llmFirstTokenMs: t.firstTokenAt !== null ? ms(t.firstTokenAt - t.startedAt) : null,
    ttsFirstAudioMs: t.firstAudioAt !== null && t.firstTokenAt !== null ? ms(t.firstAudioAt - t.firstTokenAt) : null,
    voiceToVoiceMs: firstOutput !== null ? ms(firstOutput - start) : null,
  };
}

/** The newest sessions of a flow (the test panel lists none yet; kept for the calls feature's reads). */
export async function sessionOf(ctx: AppContext, callId: string) {
  const [row] = await ctx.db
    .select()
    .from(flowSessions)
    .where(eq(flowSessions.callId, callId))
    .orderBy(desc(flowSessions.createdAt))
    .limit(1);
  return row ?? null;
}
