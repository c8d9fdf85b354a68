import type { IncomingMessage } from "node:http";
import type { AppContext } from "../context";
import { AppError } from "../errors";

/**
 * CSRF defence for cookie sessions: a mutating request must come from our own origin. Browsers
 * always send Origin on cross-site POSTs, so a missing Origin with a cookie is refused too.
 * Public routes (login, setup) are checked only when an Origin is present. WebSocket upgrades use
 * the same check (see app.ts): a foreign page must not open a socket with an agent's cookie.
 */
export function checkOrigin(ctx: AppContext, req: Pick<IncomingMessage, "headers">, required: boolean) {
  const origin = req.headers.origin ?? refererOrigin(req.headers.referer);
  if (!origin) {
    if (required) throw new AppError("csrf_rejected", "Missing Origin header on a cookie-authenticated request");
    return;
  }
  if (origin === "null" || !sameOrigin(ctx, req, origin)) {
    throw new AppError("csrf_rejected", `Requests from ${origin} are not accepted`);
  }
}

function refererOrigin(referer: string | undefined) {
  if (!referer) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return undefined;
  }
}

function sameOrigin(ctx: AppContext, req: Pick<IncomingMessage, "headers">, origin: string) {
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return false;
  }
  if (ctx.config.publicUrl && new URL(ctx.config.publicUrl).host === host) return true;
  const forwarded = ctx.config.trustProxy ? (req.headers["x-forwarded-host"] as string | undefined) : undefined;
  return host === (forwarded ?? req.headers.host);
}
