import type { ApiTokenScope } from "@switchboard/contracts";
import type { VisitorIdentity } from "./visitor-token";

/**
 * Who is calling, as the HTTP guards and the socket hub see it. The tables behind these answers
 * belong to features (agents own users and sessions, the inbox owns contact identities), so the
 * platform only names the shapes; the composition root (app.ts) hands it the functions that read them.
 */
export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: "admin" | "agent";
  sessionId: string;
  mustChangePassword: boolean;
  /** Set when the request came with an API token (Authorization: Bearer sb_…) instead of the cookie. */
  token?: { id: string; name: string; scopes: ApiTokenScope[] };
}

export interface Authenticator {
  /** The session cookie's user (sliding expiry), or null. */
  readSession(token: string | undefined): Promise<SessionUser | null>;
  /** A verified visitor token's identity with its current contact, or null when the identity is gone. */
  resolveVisitor(visitor: VisitorIdentity | null): Promise<VisitorIdentity | null>;
  /** An API token's user (not revoked, not expired, user not disabled), or null. */
  readApiToken(token: string): Promise<SessionUser | null>;
}

/** API tokens look like `sb_<prefix>_<secret>`; visitor tokens never start with `sb_`. */
export const API_TOKEN_PATTERN = /^sb_[a-z0-9]{8}_[A-Za-z0-9_-]{20,100}$/;

/** The API token in `Authorization: Bearer …`, if that is what the request carries. */
export function bearerApiToken(authorization: string | undefined): string | undefined {
  if (!authorization?.startsWith("Bearer sb_")) return undefined;
  return authorization.slice(7).trim();
}

/**
 * What a token needs for a route: `admin` for admin routes, `write` for any change, `read` for the
 * rest. Scopes nest (admin ⊃ write ⊃ read), so a token lists the highest it was given.
 */
export function tokenAllows(scopes: ApiTokenScope[], guard: "agent" | "admin", method: string): boolean {
  const rank = { read: 1, write: 2, admin: 3 } as const;
  const has = Math.max(0, ...scopes.map((s) => rank[s]));
  const needs = guard === "admin" ? 3 : method === "get" ? 1 : 2;
  return has >= needs;
}

export const SESSION_COOKIE = "sb_session";

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  for (const part of header.split(";")) {
    const i = part.indexOf("=");
    if (i < 0) continue;
    const k = part.slice(0, i).trim();
    const v = part.slice(i + 1).trim();
    try {
      out[k] = decodeURIComponent(v);
    } catch {
      out[k] = v;
    }
  }
  return out;
}
