import crypto from "node:crypto";
import type { ApiToken, ApiTokenScope } from "@switchboard/contracts";
import { and, desc, eq, gt, isNull, lt, or } from "drizzle-orm";
import type { SessionUser } from "../../platform/auth/identity";
import type { Db } from "../../platform/db/client";
import { AppError, notFound } from "../../platform/errors";
import { users } from "../agents/schema";
import { apiTokens } from "./schema";

/** Recording "last used" on every request would be a write per API call: once a minute is enough to read. */
const TOUCH_EVERY_MS = 60_000;

const sha256 = (s: string) => crypto.createHash("sha256").update(s).digest("hex");

type Row = typeof apiTokens.$inferSelect & { ownerName: string };

export const toApiToken = (r: Row): ApiToken => ({
  id: r.id,
  name: r.name,
  prefix: `sb_${r.prefix}`,
  scopes: r.scopes,
  owner: { id: r.userId, name: r.ownerName },
  createdAt: r.createdAt.toISOString(),
  expiresAt: r.expiresAt?.toISOString() ?? null,
  lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
  revokedAt: r.revokedAt?.toISOString() ?? null,
});

/** Mints a token for `owner`: `sb_<8 chars>_<43 chars>`, returned once; only its SHA-256 is kept. */
export async function createApiToken(
  db: Db,
  owner: Pick<SessionUser, "id" | "name" | "role">,
  p: { name: string; scopes: ApiTokenScope[]; expiresInDays?: number },
) {
  if (p.scopes.includes("admin") && owner.role !== "admin")
    throw new AppError("forbidden", "Only admins can create tokens with the admin scope");
  const prefix = crypto
    .randomBytes(6)
    .toString("base64url")
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "0")
    .slice(0, 8);
  const secret = `sb_${prefix}_${crypto.randomBytes(32).toString("base64url")}`;
  const [row] = await db
    .insert(apiTokens)
    .values({
      name: p.name,
      prefix,
      tokenHash: sha256(secret),
      scopes: [...new Set(p.scopes)],
      userId: owner.id,
      expiresAt: p.expiresInDays ? new Date(Date.now() + p.expiresInDays * 86_400_000) : null,
    })
    .returning();
  return { token: toApiToken({ ...row!, ownerName: owner.name }), secret };
}

/** Admins see every token (apps and people); agents see their own. Revoked ones stay listed for a record. */
export async function listApiTokens(db: Db, viewer: Pick<SessionUser, "id" | "role">) {
  const rows = await db
    .select({ t: apiTokens, ownerName: users.name })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(viewer.role === "admin" ? undefined : eq(apiTokens.userId, viewer.id))
    .orderBy(desc(apiTokens.createdAt))
    .limit(500);
  return rows.map((r) => toApiToken({ ...r.t, ownerName: r.ownerName }));
}

/** Revokes at once (the next request with it is a 401). Returns the token as it was, for the audit entry. */
export async function revokeApiToken(db: Db, viewer: Pick<SessionUser, "id" | "role">, id: string) {
  const [row] = await db
    .update(apiTokens)
    .set({ revokedAt: new Date() })
    .where(
      and(
        eq(apiTokens.id, id),
        isNull(apiTokens.revokedAt),
        viewer.role === "admin" ? undefined : eq(apiTokens.userId, viewer.id),
      ),
    )
    .returning();
  if (!row) throw notFound("Active API token");
  return row;
}

/**
 * The user behind a bearer token, for the route guards. Reads `users` in the same query (a join,
 * not a write) so an API call costs one round trip; a disabled user's tokens stop at once.
 */
export async function readApiToken(db: Db, token: string): Promise<SessionUser | null> {
  if (token.length > 200) return null;
  const now = new Date();
  const [row] = await db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      scopes: apiTokens.scopes,
      lastUsedAt: apiTokens.lastUsedAt,
      user: { id: users.id, email: users.email, name: users.name, role: users.role, disabled: users.disabled },
      mustChangePassword: users.mustChangePassword,
    })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(
      and(
        eq(apiTokens.tokenHash, sha256(token)),
        isNull(apiTokens.revokedAt),
        or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, now)),
      ),
    )
    .limit(1);
  if (!row || row.user.disabled) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > TOUCH_EVERY_MS) {
    await db
      .update(apiTokens)
      .set({ lastUsedAt: now })
      .where(
        and(
          eq(apiTokens.id, row.id),
          or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, new Date(now.getTime() - TOUCH_EVERY_MS))),
        ),
      );
  }
  // An admin's token with fewer scopes stays an admin user: the scope check comes first in the guard.
  return {
    id: row.user.id,
    email: row.user.email,
    name: row.user.name,
    role: row.user.role,
    sessionId: `token:${row.id}`,
    mustChangePassword: row.mustChangePassword,
    token: { id: row.id, name: row.name, scopes: row.scopes },
  };
}
