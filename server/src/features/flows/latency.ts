import type { LatencyStats } from "@switchboard/contracts";
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { type FlowTurnRow, flowTurns } from "./schema";

/** Nearest-rank percentile (p in 0..100) of unsorted values; null for none. */
export function percentile(values: number[], p: number): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

const stage = (values: (number | null)[]) => {
  const v = values.filter((x): x is number => x !== null);
  return { n: v.length, p50: percentile(v, 50), p90: percentile(v, 90) };
};

type LatencyRow = Pick<
  FlowTurnRow,
  "callId" | "interrupted" | "asrMs" | "llmFirstTokenMs" | "ttsFirstAudioMs" | "voiceToVoiceMs"
>;

/** The stats of some agent turns (pure: the dashboard and per-call reads share it). */
export function summarize(rows: LatencyRow[]): LatencyStats {
  return {
    turns: rows.length,
    interruptions: rows.filter((r) => r.interrupted).length,
    stages: {
      asr: stage(rows.map((r) => r.asrMs)),
      llmFirstToken: stage(rows.map((r) => r.llmFirstTokenMs)),
      ttsFirstAudio: stage(rows.map((r) => r.ttsFirstAudioMs)),
      voiceToVoice: stage(rows.map((r) => r.voiceToVoiceMs)),
    },
  };
}

async function agentTurns(db: Db, callIds: string[]): Promise<LatencyRow[]> {
  if (!callIds.length) return [];
  return db
    .select({
      callId: flowTurns.callId,
      interrupted: flowTurns.interrupted,
      asrMs: flowTurns.asrMs,
      llmFirstTokenMs: flowTurns.llmFirstTokenMs,
      ttsFirstAudioMs: flowTurns.ttsFirstAudioMs,
      voiceToVoiceMs: flowTurns.voiceToVoiceMs,
    })
    .from(flowTurns)
    .where(and(inArray(flowTurns.callId, callIds), eq(flowTurns.role, "agent")));
}

/** p50/p90 per stage over all agent turns of these calls (a campaign's, the dashboard's window). */
export async function latencyOfCalls(db: Db, callIds: string[]): Promise<LatencyStats> {
  return summarize(await agentTurns(db, callIds));
}

/** p50/p90 per stage for each call. */
export async function latencyPerCall(db: Db, callIds: string[]): Promise<Map<string, LatencyStats>> {
  const byCall = new Map<string, LatencyRow[]>();
  for (const r of await agentTurns(db, callIds)) byCall.set(r.callId, [...(byCall.get(r.callId) ?? []), r]);
  return new Map(callIds.map((id) => [id, summarize(byCall.get(id) ?? [])]));
}
