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
}

export interface Authenticator {
  /** The session cookie's user (sliding expiry), or null. */
  readSession(token: string | undefined): Promise<SessionUser | null>;
  /** A verified visitor token's identity with its current contact, or null when the identity is gone. */
  resolveVisitor(visitor: VisitorIdentity | null): Promise<VisitorIdentity | null>;
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
