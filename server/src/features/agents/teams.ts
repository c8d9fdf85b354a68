import type { Team } from "@switchboard/contracts";
import { and, asc, eq, inArray, ne, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { AppError, notFound } from "../../platform/errors";
import { teamChannels, teamMembers, teams, users } from "./schema";

/** What the teams page shows besides the teams' own rows; the counts are the inbox's (wired in app.ts). */
export interface TeamLoad {
  openByAssignee: Map<string, number>;
  waitingByTeam: Map<string, number>;
}

export interface TeamInput {
  name?: string;
  description?: string;
  memberIds?: string[];
  channelIds?: string[];
}

type TeamRow = typeof teams.$inferSelect;

/** Every team (or the given ones) with members, channels and the waiting count, by name. */
export async function listTeams(db: Db, load: TeamLoad, ids?: string[]): Promise<Team[]> {
  if (ids && ids.length === 0) return [];
  const rows = await db
    .select()
    .from(teams)
    .where(ids ? inArray(teams.id, ids) : undefined)
    .orderBy(asc(sql`lower(${teams.name})`));
  if (rows.length === 0) return [];
  const teamIds = rows.map((t) => t.id);
  const members = await db
    .select({ teamId: teamMembers.teamId, id: users.id, name: users.name, availability: users.availability })
    .from(teamMembers)
    .innerJoin(users, eq(users.id, teamMembers.userId))
    .where(and(inArray(teamMembers.teamId, teamIds), eq(users.disabled, false)))
    .orderBy(asc(users.name));
  const channels = await db.select().from(teamChannels).where(inArray(teamChannels.teamId, teamIds));
  return rows.map((t) => ({
    id: t.id,
    name: t.name,
    description: t.description,
    members: members
      .filter((m) => m.teamId === t.id)
      .map((m) => ({
        id: m.id,
        name: m.name,
        availability: m.availability,
        openAssigned: load.openByAssignee.get(m.id) ?? 0,
      })),
    channelIds: channels.filter((c) => c.teamId === t.id).map((c) => c.channelId),
    waiting: load.waitingByTeam.get(t.id) ?? 0,
    createdAt: t.createdAt.toISOString(),
  }));
}

const fieldError = (field: string, message: string) =>
  new AppError("unknown_reference", message, { fieldErrors: { [field]: [message] }, formErrors: [] });

const nameTaken = (name: string) => {
  const message = `A team named "${name}" already exists`;
  return new AppError("conflict", message, { fieldErrors: { name: [message] }, formErrors: [] });
};

const code = (err: unknown): string | undefined => {
  const e = err as { code?: string; cause?: { code?: string } } | undefined;
  return e?.code ?? e?.cause?.code;
};

/** Names are unique ignoring case (the index is on lower(name)); a clear 409 before the index says so. */
async function assertNameFree(tx: Db, name: string, exceptId?: string) {
  const [clash] = await tx
    .select({ id: teams.id })
    .from(teams)
    .where(and(sql`lower(${teams.name}) = lower(${name})`, exceptId ? ne(teams.id, exceptId) : undefined))
    .limit(1);
  if (clash) throw nameTaken(name);
}

/** Members must be enabled agents: a typo'd or disabled id is refused with the ids named. */
async function assertMembers(tx: Db, ids: string[]) {
  if (ids.length === 0) return;
  const found = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(inArray(users.id, ids), eq(users.disabled, false)));
  const known = new Set(found.map((u) => u.id));
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length) throw fieldError("memberIds", `No active agent with id ${unknown.join(", ")}`);
}

async function replaceLinks(tx: Db, teamId: string, input: TeamInput) {
  if (input.memberIds) {
    const ids = [...new Set(input.memberIds)];
    await assertMembers(tx, ids);
    await tx.delete(teamMembers).where(eq(teamMembers.teamId, teamId));
    if (ids.length) await tx.insert(teamMembers).values(ids.map((userId) => ({ teamId, userId })));
  }
  if (input.channelIds) {
    const ids = [...new Set(input.channelIds)];
    await tx.delete(teamChannels).where(eq(teamChannels.teamId, teamId));
    // The channels are another feature's: their foreign key is the existence check (see `translate`).
    if (ids.length) await tx.insert(teamChannels).values(ids.map((channelId) => ({ teamId, channelId })));
  }
}

/** Database refusals that mean bad input, said in the caller's terms (races past the checks above). */
export function translateTeamError(err: unknown, name?: string): unknown {
  if (code(err) === "23505") return nameTaken(name ?? "");
  if (code(err) === "23503") return fieldError("channelIds", "One of the chosen channels does not exist");
  return err;
}

export async function createTeam(tx: Db, input: Required<TeamInput>): Promise<TeamRow> {
  await assertNameFree(tx, input.name);
  const [row] = await tx.insert(teams).values({ name: input.name, description: input.description }).returning();
  await replaceLinks(tx, row!.id, input);
  return row!;
}

/** Returns the row before the change (for the audit entry) and after. */
export async function updateTeam(tx: Db, id: string, input: TeamInput) {
  const [before] = await tx.select().from(teams).where(eq(teams.id, id)).for("update");
  if (!before) throw notFound("Team");
  if (input.name !== undefined) await assertNameFree(tx, input.name, id);
  const beforeMembers = (
    await tx.select({ id: teamMembers.userId }).from(teamMembers).where(eq(teamMembers.teamId, id))
  ).map((m) => m.id);
  const beforeChannels = (
    await tx.select({ id: teamChannels.channelId }).from(teamChannels).where(eq(teamChannels.teamId, id))
  ).map((c) => c.id);
  const fields: Partial<TeamRow> = {};
  if (input.name !== undefined) fields.name = input.name;
  if (input.description !== undefined) fields.description = input.description;
  await tx
    .update(teams)
    .set({ ...fields, updatedAt: new Date() })
    .where(eq(teams.id, id));
  await replaceLinks(tx, id, input);
  return { before, beforeMembers, beforeChannels };
}

/** Conversations of the team keep existing without a team (the foreign key sets team_id null). */
export async function deleteTeam(tx: Db, id: string): Promise<TeamRow> {
  const [row] = await tx.delete(teams).where(eq(teams.id, id)).returning();
  if (!row) throw notFound("Team");
  return row;
}

/** The teams an agent belongs to (routing and visibility ask). */
export async function teamsOfUser(db: Db, userId: string): Promise<string[]> {
  const rows = await db.select({ id: teamMembers.teamId }).from(teamMembers).where(eq(teamMembers.userId, userId));
  return rows.map((r) => r.id);
}
