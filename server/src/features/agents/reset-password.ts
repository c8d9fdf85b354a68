import crypto from "node:crypto";
import { eq } from "drizzle-orm";
import { hashPassword } from "../../platform/auth/passwords";
import { deleteUserSessions } from "./sessions";
import type { Db } from "../../platform/db/client";
import { notFound } from "../../platform/errors";
import { users } from "./schema";

/**
 * Replaces a user's password with a generated one, returned once and never stored in clear. The
 * user must change it at the next login, and every session ends now. Used by admins in the console
 * and by `npm run admin -- reset-password EMAIL` for an operator who is locked out; the HTTP caller
 * also closes the user's sockets.
 */
export async function resetPassword(db: Db, userId: string): Promise<{ temporaryPassword: string }> {
  const temporaryPassword = crypto.randomBytes(12).toString("base64url");
  const passwordHash = await hashPassword(temporaryPassword);
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(users)
      .set({ passwordHash, mustChangePassword: true, updatedAt: new Date() })
      .where(eq(users.id, userId))
      .returning({ id: users.id });
    if (!row) throw notFound("Agent");
    await deleteUserSessions(tx, userId);
  });
  return { temporaryPassword };
}
