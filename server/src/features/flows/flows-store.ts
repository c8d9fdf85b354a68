import { type Flow, type FlowBody, flowBody } from "@switchboard/contracts";
import { desc, eq, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { AppError } from "../../platform/errors";
import { DEFAULT_FLOW_KEY, labPartnershipFlow } from "./default-flow";
import { type FlowRow, flowSeeds, flows } from "./schema";

export function toFlow(row: FlowRow): Flow {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    engine: row.engine,
    voice: row.voice,
    language: row.language as Flow["language"],
    persona: row.persona,
    interruptionSensitivity: row.interruptionSensitivity as Flow["interruptionSensitivity"],
    silenceTimeoutSeconds: row.silenceTimeoutSeconds,
    maxCallSeconds: row.maxCallSeconds,
    voicemailMessage: row.voicemailMessage,
    transferNumber: row.transferNumber,
    followUp: row.followUp ?? null,
    steps: row.steps,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

const columns = (body: FlowBody) => ({
  name: body.name,
  description: body.description,
  engine: body.engine,
  voice: body.voice,
  language: body.language,
  persona: body.persona,
  interruptionSensitivity: body.interruptionSensitivity,
  silenceTimeoutSeconds: body.silenceTimeoutSeconds,
  maxCallSeconds: body.maxCallSeconds,
  voicemailMessage: body.voicemailMessage,
  transferNumber: body.transferNumber,
  followUp: body.followUp ?? null,
  steps: body.steps,
});

export async function listFlows(db: Db) {
  const rows = await db.select().from(flows).orderBy(desc(flows.updatedAt), desc(flows.id));
  return rows.map((r) => {
    const f = toFlow(r);
    return {
      id: f.id,
      name: f.name,
      description: f.description,
      engine: f.engine,
      language: f.language,
      version: f.version,
      updatedAt: f.updatedAt,
      steps: f.steps.length,
    };
  });
}

export async function getFlow(db: Db, id: string): Promise<Flow> {
  const [row] = await db.select().from(flows).where(eq(flows.id, id)).limit(1);
  if (!row) throw new AppError("not_found", "No such flow");
  return toFlow(row);
}

export async function createFlow(db: Db, body: FlowBody): Promise<Flow> {
  const [row] = await db.insert(flows).values(columns(body)).returning();
  return toFlow(row!);
}

/** A save replaces the flow and counts a version; a call keeps the version it started with. */
export async function updateFlow(db: Db, id: string, body: FlowBody): Promise<Flow> {
  const [row] = await db
    .update(flows)
    .set({ ...columns(body), version: sql`${flows.version} + 1`, updatedAt: new Date() })
    .where(eq(flows.id, id))
    .returning();
  if (!row) throw new AppError("not_found", "No such flow");
  return toFlow(row);
}

export async function deleteFlow(db: Db, id: string): Promise<void> {
  const rows = await db.delete(flows).where(eq(flows.id, id)).returning({ id: flows.id });
  if (!rows.length) throw new AppError("not_found", "No such flow");
}

/**
 * Seeds "Lab partnership invitation" once: the mark and the flow in one transaction, so a second
 * process or a restart inserts nothing, and a flow an admin deleted stays deleted.
 */
export async function seedDefaultFlow(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    const marked = await tx.insert(flowSeeds).values({ key: DEFAULT_FLOW_KEY }).onConflictDoNothing().returning();
    if (!marked.length) return;
    await tx
      .insert(flows)
      .values({ ...columns(flowBody.parse(labPartnershipFlow)), seedKey: DEFAULT_FLOW_KEY })
      .onConflictDoNothing({ target: flows.seedKey });
  });
}

/** The flow a call runs when none is named: the seeded default flow, else the newest one. */
export async function defaultFlowId(db: Db): Promise<string> {
  const [seeded] = await db.select({ id: flows.id }).from(flows).where(eq(flows.seedKey, DEFAULT_FLOW_KEY)).limit(1);
  if (seeded) return seeded.id;
  const [newest] = await db.select({ id: flows.id }).from(flows).orderBy(desc(flows.updatedAt)).limit(1);
  if (!newest) throw new AppError("not_found", "There is no conversation flow to run (create one under Flows)");
  return newest.id;
}
