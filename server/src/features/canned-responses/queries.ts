import type { CannedResponse, CannedScope } from "@switchboard/contracts";
import { and, asc, eq, ilike, isNull, or, type SQL } from "drizzle-orm";
import type { SessionUser } from "../../platform/auth/identity";
import type { Db } from "../../platform/db/client";
import { AppError, notFound } from "../../platform/errors";
import { type CannedResponseRow, cannedResponses } from "./schema";

// Only owners see personal replies, so a personal reply's owner is always the viewer (no join to users).
type Viewer = Pick<SessionUser, "id" | "role" | "name">;

/** What a user may see: their own personal replies and every shared one. */
function visibleTo(viewer: Viewer): SQL {
  return or(eq(cannedResponses.ownerId, viewer.id), isNull(cannedResponses.ownerId)) as SQL;
}

/** Personal replies are their owner's alone; shared ones are the admins'. */
export function canEdit(viewer: Viewer, row: Pick<CannedResponseRow, "ownerId">): boolean {
  return row.ownerId === null ? viewer.role === "admin" : row.ownerId === viewer.id;
}

function escapeLike(s: string) {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function toDto(viewer: Viewer, row: CannedResponseRow): CannedResponse {
  return {
    id: row.id,
    shortcut: row.shortcut,
    title: row.title,
    body: row.body,
    scope: row.scope,
    owner: row.ownerId ? { id: row.ownerId, name: row.ownerId === viewer.id ? viewer.name : "" } : null,
    canEdit: canEdit(viewer, row),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The replies a user is offered, shortcut order; `q` matches shortcut, title or body (case-insensitive). */
export async function listCannedResponses(
  db: Db,
  viewer: Viewer,
  filter: { q?: string; scope?: CannedScope },
): Promise<CannedResponse[]> {
  const where: SQL[] = [visibleTo(viewer)];
  if (filter.scope) where.push(eq(cannedResponses.scope, filter.scope));
  if (filter.q) {
    const like = `%${escapeLike(filter.q)}%`;
    where.push(
      or(
        ilike(cannedResponses.shortcut, like),
        ilike(cannedResponses.title, like),
        ilike(cannedResponses.body, like),
      ) as SQL,
    );
  }
  const rows = await db
    .select()
    .from(cannedResponses)
    .where(and(...where))
    .orderBy(asc(cannedResponses.shortcut), asc(cannedResponses.scope))
    .limit(500);
  return rows.map((r) => toDto(viewer, r));
}

/** One reply the viewer can see, or not_found (someone else's personal reply is not revealed). */
export async function getCannedResponse(db: Db, viewer: Viewer, id: string): Promise<CannedResponse> {
  const [r] = await db
    .select()
    .from(cannedResponses)
    .where(and(eq(cannedResponses.id, id), visibleTo(viewer)));
  if (!r) throw notFound("Canned response");
  return toDto(viewer, r);
}

/** The row for a change, locked, after the same visibility check; forbidden when the viewer may only read it. */
export async function editableRow(db: Db, viewer: Viewer, id: string): Promise<CannedResponseRow> {
  const [row] = await db
    .select()
    .from(cannedResponses)
    .where(and(eq(cannedResponses.id, id), visibleTo(viewer)))
    .for("update");
  if (!row) throw notFound("Canned response");
  if (!canEdit(viewer, row)) throw new AppError("forbidden", "Only admins can change shared canned responses");
  return row;
}
