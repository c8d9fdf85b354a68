import crypto from "node:crypto";
import { and, eq, gt, inArray, lt } from "drizzle-orm";
import type { SessionUser } from "../../platform/auth/identity";
import type { Db } from "../../platform/db/client";
import { sessions, users } from "./schema";

const TTL_MS = 30 * 24 * 3600 * 1000;
const TOUCH_EVERY_MS = 5 * 60 * 1000;

const hashToken = (token: string) => crypto.createHash("sha256").update(token).digest("hex");

export async function createSession(db: Db, p: { userId: string; userAgent?: string; ip?: string }) {
  const token = crypto.randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + TTL_MS);
  await db
    .insert(sessions)
    .values({ id: hashToken(token), userId: p.userId, expiresAt, userAgent: p.userAgent?.slice(0, 300), ip: p.ip });
  return { token, expiresAt };
}

/** Resolves a cookie token to its user; sliding expiry, touched at most every few minutes. */
export async function readSession(db: Db, token: string | undefined): Promise<SessionUser | null> {
  if (!token || token.length > 200) return null;
  const id = hashToken(token);
  const now = new Date();
  const [row] = await db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      disabled: users.disabled,
      mustChangePassword: users.mustChangePassword,
      lastSeenAt: sessions.lastSeenAt,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, id), gt(sessions.expiresAt, now)))
    .limit(1);
  if (!row || row.disabled) return null;
  if (now.getTime() - row.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await db
      .update(sessions)
      .set({ lastSeenAt: now, expiresAt: new Date(now.getTime() + TTL_MS) })
      .where(eq(sessions.id, id));
  }
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    sessionId: id,
    mustChangePassword: row.mustChangePassword,
  };
}

export async function deleteSession(db: Db, sessionId: string) {
  await db.delete(sessions).where(eq(sessions.id, sessionId));
}

export async function deleteUserSessions(db: Db, userId: string) {
  await db.delete(sessions).where(eq(sessions.userId, userId));
}

/** Which of these sessions still exist, unexpired, for a user who is not disabled. */
export async function liveSessions(db: Db, ids: string[]): Promise<Set<string>> {
  const rows = await db
    .select({ id: sessions.id })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(inArray(sessions.id, ids), gt(sessions.expiresAt, new Date()), eq(users.disabled, false)));
  return new Set(rows.map((r) => r.id));
}

export async function purgeExpiredSessions(db: Db) {
  await db.delete(sessions).where(lt(sessions.expiresAt, new Date()));
}
