import type { User } from "@switchboard/contracts";
import { timingDummyHash, verifyPassword } from "../../platform/auth/passwords";
import { createSession } from "./sessions";
import type { AppContext } from "../../platform/context";
import { AppError } from "../../platform/errors";
import { findUserByEmail, toUser } from "./queries";

/** Checks credentials under the login limits (per email+IP and per account, in PostgreSQL) and opens a session. */
export async function login(
  ctx: AppContext,
  p: { email: string; password: string; ip: string; userAgent?: string },
): Promise<{ user: User; token: string; expiresAt: Date }> {
  const wait = await ctx.loginLimiter.blockedFor(p.email, p.ip);
  if (wait > 0)
    throw new AppError("rate_limited", `Too many failed attempts. Try again in ${Math.ceil(wait / 60)} minute(s).`, {
      retryAfterSeconds: wait,
    });
  const row = await findUserByEmail(ctx.db, p.email);
  const ok = row
    ? await verifyPassword(row.passwordHash, p.password)
    : await verifyPassword(await timingDummyHash(), p.password).then(() => false);
  if (!row || !ok || row.disabled) {
    await ctx.loginLimiter.failed(p.email, p.ip);
    throw new AppError(
      "invalid_credentials",
      row?.disabled && ok ? "This account is disabled" : "Wrong email or password",
    );
  }
  await ctx.loginLimiter.succeeded(p.email, p.ip);
  const { token, expiresAt } = await createSession(ctx.db, { userId: row.id, ip: p.ip, userAgent: p.userAgent });
  return { user: toUser(row), token, expiresAt };
}
