import type { IncomingMessage } from "node:http";
import { parseCookies, SESSION_COOKIE, type SessionUser } from "../../../platform/auth/identity";
import type { VisitorIdentity } from "../../../platform/auth/visitor-token";
import type { AppContext } from "../../../platform/context";
import { AppError } from "../../../platform/errors";
import { checkOrigin } from "../../../platform/http/csrf";
import { channelFor } from "./routes";

/**
 * Who opens a /ws socket. Browsers send Origin on every WebSocket handshake and a page cannot forge
 * it, so it is checked like a cookie-authenticated write (CSRF): an agent's cookie only counts from
 * our own origin (cross-site WebSocket hijacking), a visitor token only from the channel's allowed
 * origins (like the widget's HTTP routes). A client without Origin is not a browser, so no victim.
 * A visitor token is tried first: an agent who has the console open and visits a customer's page
 * with the widget must get the widget's socket, not a refusal for the agent cookie riding along.
 */
export async function authenticateSocket(
  ctx: AppContext,
  req: IncomingMessage,
): Promise<{ user: SessionUser } | { visitor: VisitorIdentity } | null> {
  const token = new URL(req.url ?? "/", "http://x").searchParams.get("visitorToken");
  if (token) {
    const visitor = await ctx.auth.resolveVisitor(ctx.visitorTokens.verify(token));
    if (!visitor) return null;
    if (req.headers.origin) await channelFor(ctx, visitor.channelId, req);
    return { visitor };
  }
  const user = await ctx.auth.readSession(parseCookies(req.headers.cookie)[SESSION_COOKIE]);
  if (!user) return null;
  checkOrigin(ctx, req, false);
  if (user.mustChangePassword)
    throw new AppError("password_change_required", "Change your temporary password to continue");
  return { user };
}
