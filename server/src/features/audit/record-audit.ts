import type { Request } from "express";
import type { SessionUser } from "../../platform/auth/identity";
import type { Db } from "../../platform/db/client";
import { auditLog } from "./schema";

export interface AuditEntry {
  action: string;
  summary: string;
  target?: { type: string; id: string | null };
  details?: Record<string, unknown>;
}

export interface AuditActor {
  type: "user" | "token" | "system" | "cli";
  id?: string | null;
  name?: string | null;
  ip?: string | null;
  userAgent?: string | null;
}

/**
 * The actor of an API request: the signed-in user, from the address the request came from. With an
 * API token it is the token's owner, marked `token` and named with the token ("Ana via token CRM").
 */
export function requestActor(req: Request, user: Pick<SessionUser, "id" | "name" | "token"> | undefined): AuditActor {
  return {
    type: user?.token ? "token" : "user",
    id: user?.id ?? null,
    name: user ? (user.token ? `${user.name} via token ${user.token.name}` : user.name) : null,
    ip: req.ip ?? null,
    userAgent: req.get("user-agent")?.slice(0, 300) ?? null,
  };
}

/**
 * Appends one entry. Pass the transaction that makes the change, so the entry exists exactly when
 * the change does (an audit entry for a deletion that rolled back would be a lie).
 */
export async function recordAudit(db: Db, actor: AuditActor, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({
    actorType: actor.type,
    actorId: actor.id ?? null,
    actorName: actor.name ?? null,
    action: entry.action,
    targetType: entry.target?.type ?? null,
    targetId: entry.target?.id ?? null,
    summary: entry.summary,
    details: entry.details ?? {},
    ip: actor.ip ?? null,
    userAgent: actor.userAgent ?? null,
  });
}
