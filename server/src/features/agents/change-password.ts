import { eq } from "drizzle-orm";
import { hashPassword, verifyPassword } from "../../platform/auth/passwords";
import { createSession, deleteUserSessions } from "./sessions";
import type { Db } from "../../platform/db/client";
import { PgRateLimiter } from "../../platform/rate-limit/limiter";
import { AppError, notFound } from "../../platform/errors";
import { users } from "./schema";

const wrong = (field: string, message: string) =>
  new AppError("validation_failed", message, { fieldErrors: { [field]: [message] }, formErrors: [] });

/**
 * A user changes their own password (the current one is required, also with a temporary one).
 * Every session of the user ends, this one included, and a fresh session is returned for the
 * device that made the change: a stolen cookie does not survive a password change. The caller
 * closes the user's sockets after this returns.
 */
export async function changePassword(
  db: Db,
  p: { userId: string; currentPassword: string; newPassword: string; ip?: string; userAgent?: string },
): Promise<{ token: string; expiresAt: Date }> {
  const [row] = await db.select().from(users).where(eq(users.id, p.userId)).limit(1);
  if (!row) throw notFound("User");
  // A stolen cookie must not become an oracle for guessing the password behind it.
  const guesses = new PgRateLimiter(db, { name: "password-check", limit: 10, windowMs: 15 * 60_000 });
  const wait = await guesses.blockedFor(p.userId);
  if (wait > 0)
    throw new AppError("rate_limited", `Too many wrong passwords. Try again in ${Math.ceil(wait / 60)} minute(s).`, {
      retryAfterSeconds: wait,
    });
  // 400, not 401: a wrong current password must not look like a lost session to the console.
  if (!(await verifyPassword(row.passwordHash, p.currentPassword))) {
    await guesses.hit(p.userId);
    throw wrong("currentPassword", "The current password is not correct");
  }
  if (p.newPassword === p.currentPassword)
    throw wrong("newPassword", "Choose a password different from the current one");
  const passwordHash = await hashPassword(p.newPassword);
  return db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ passwordHash, mustChangePassword: false, updatedAt: new Date() })
      .where(eq(users.id, p.userId));
    await deleteUserSessions(tx, p.userId);
    return createSession(tx, { userId: p.userId, ip: p.ip, userAgent: p.userAgent });
  });
}
