import type { FlowTurn } from "@switchboard/contracts";
import { asc, inArray } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { type FlowTurnRow, flowTurns } from "./schema";

export const toTurn = (r: FlowTurnRow): FlowTurn => ({
  seq: r.seq,
  role: r.role,
  text: r.text,
  interrupted: r.interrupted,
  filler: r.filler,
  stepId: r.stepId,
  at: r.createdAt.toISOString(),
});

/** The transcripts of some calls (what was actually said), in order; a call with none maps to []. */
export async function transcriptsOf(db: Db, callIds: string[]): Promise<Map<string, FlowTurn[]>> {
  const out = new Map<string, FlowTurn[]>(callIds.map((id) => [id, []]));
  if (!callIds.length) return out;
  const rows = await db
    .select()
    .from(flowTurns)
    .where(inArray(flowTurns.callId, callIds))
    .orderBy(asc(flowTurns.callId), asc(flowTurns.seq));
  for (const r of rows) out.get(r.callId)?.push(toTurn(r));
  return out;
}
