import type { AuditLogEntry } from "@switchboard/contracts";
import { and, desc, eq, gte, ilike, lt, lte, or, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { AppError } from "../../platform/errors";
import { auditLog } from "./schema";

type Row = typeof auditLog.$inferSelect;

export const toAuditEntry = (r: Row): AuditLogEntry => ({
  id: r.id,
  at: r.at.toISOString(),
  actor: { type: r.actorType, id: r.actorId, name: r.actorName },
  action: r.action,
  target: r.targetType ? { type: r.targetType, id: r.targetId } : null,
  summary: r.summary,
  details: r.details,
  ip: r.ip,
  userAgent: r.userAgent,
});

const cursorOf = (r: Row) => Buffer.from(`${r.at.getTime()}|${r.id}`).toString("base64url");
function parseCursor(c: string) {
  const [ms, id] = Buffer.from(c, "base64url").toString("utf8").split("|");
  const at = Number(ms);
  if (!Number.isFinite(at) || !id || !/^[0-9a-f-]{36}$/i.test(id)) throw new AppError("bad_request", "Invalid cursor");
  return { at: new Date(at), id };
}

/** `%`, `_` and `\` typed into the search box are literal characters, not LIKE wildcards. */
const likeLiteral = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * Newest first, keyset-paged on (at, id) (the audit_log_at_idx index). `action` matches a whole
 * action or a prefix ending in "." ("webhook." = every webhook action); `q` searches summary,
 * actor name, action and target id.
 */
export async function searchAuditLog(
  db: Db,
  p: {
    action?: string;
    actorId?: string;
    targetType?: string;
    targetId?: string;
    q?: string;
    from?: string;
    to?: string;
    cursor?: string;
    limit: number;
  },
) {
  const after = p.cursor ? parseCursor(p.cursor) : null;
  const q = p.q?.trim();
  const rows = await db
    .select()
    .from(auditLog)
    .where(
      and(
        p.action
          ? p.action.endsWith(".")
            ? ilike(auditLog.action, `${p.action.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)
            : eq(auditLog.action, p.action)
          : undefined,
        p.actorId ? eq(auditLog.actorId, p.actorId) : undefined,
        p.targetType ? eq(auditLog.targetType, p.targetType) : undefined,
        p.targetId ? eq(auditLog.targetId, p.targetId) : undefined,
        q
          ? or(
              ilike(auditLog.summary, likeLiteral(q)),
              ilike(auditLog.actorName, likeLiteral(q)),
              ilike(auditLog.action, likeLiteral(q)),
              eq(auditLog.targetId, q),
            )
          : undefined,
        p.from ? gte(auditLog.at, new Date(p.from)) : undefined,
        p.to ? lte(auditLog.at, new Date(p.to)) : undefined,
        after
          ? or(lt(auditLog.at, after.at), and(eq(auditLog.at, after.at), sql`${auditLog.id} < ${after.id}`))
          : undefined,
      ),
    )
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(p.limit + 1);
  const page = rows.slice(0, p.limit);
  return {
    items: page.map(toAuditEntry),
    nextCursor: rows.length > p.limit ? cursorOf(page[page.length - 1]!) : null,
  };
}

/** The distinct actions recorded so far, for the filter's menu. */
export async function auditActions(db: Db) {
  const rows = await db.selectDistinct({ action: auditLog.action }).from(auditLog).orderBy(auditLog.action).limit(500);
  return rows.map((r) => r.action);
}
