import type { NextFunction, Request, Response, Router } from "express";
import multer, { MulterError } from "multer";
import type { z } from "zod";
import { bearerApiToken, parseCookies, SESSION_COOKIE, type SessionUser, tokenAllows } from "../auth/identity";
import type { AppContext } from "../context";
import { AppError, fromZod } from "../errors";
import { checkOrigin } from "./csrf";
import type { RouteDef } from "./route";

const MUTATING = new Set(["post", "patch", "put", "delete"]);

/** Registers routes on a router: guard, CSRF, validation, response check, status codes. */
export function mountRoutes(router: Router, ctx: AppContext, routes: RouteDef[]) {
  const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: ctx.config.maxUploadBytes, files: 1 } });
  for (const route of routes) {
    const handlers: ((req: Request, res: Response, next: NextFunction) => void)[] = [];
    if (route.multipart) {
      const single = (
        route.maxUploadBytes
          ? multer({ storage: multer.memoryStorage(), limits: { fileSize: route.maxUploadBytes, files: 1 } })
          : upload
      ).single("file");
      // Busboy throws plain errors on malformed bodies (no boundary, truncated parts): the client's fault.
      handlers.push((req, res, next) =>
        single(req, res, (err?: unknown) =>
          next(
            err && !(err instanceof MulterError)
              ? new AppError("bad_request", `Malformed multipart/form-data body: ${(err as Error).message}`)
              : err,
          ),
        ),
      );
    }
    handlers.push((req, res, next) => {
      run(ctx, route, req, res).catch(next);
    });
    router[route.method](route.path, ...handlers);
  }
}

function parse<S extends z.ZodType | undefined>(schema: S, value: unknown, where: string) {
  if (!schema) return undefined;
  const r = schema.safeParse(value);
  if (!r.success) {
    // A malformed id in the path names nothing that exists.
    if (where === "path") throw new AppError("not_found", "Not found");
    throw fromZod(r.error, where);
  }
  return r.data;
}

async function run(ctx: AppContext, route: RouteDef, req: Request, res: Response) {
  let user: SessionUser | null | undefined;
  let visitor: ReturnType<AppContext["visitorTokens"]["verify"]> | undefined;
  if (route.guard === "agent" || route.guard === "admin") {
    const apiToken = bearerApiToken(req.headers.authorization);
    if (apiToken) {
      // A bearer request carries no ambient credential a foreign page could ride on: no CSRF check,
      // and the cookie (if any) is ignored so the token's scopes are what counts.
      user = await ctx.auth.readApiToken(apiToken);
      if (!user) throw new AppError("unauthenticated", "Invalid, expired or revoked API token");
      if (route.sessionOnly) throw new AppError("forbidden", "This action needs a signed-in session, not an API token");
      if (!tokenAllows(user.token!.scopes, route.guard, route.method))
        throw new AppError(
          "forbidden",
          `This API token's scopes (${user.token!.scopes.join(", ")}) do not allow ${route.method.toUpperCase()} ${route.path}`,
        );
    } else {
      user = await ctx.auth.readSession(parseCookies(req.headers.cookie)[SESSION_COOKIE]);
    }
    if (!user) throw new AppError("unauthenticated", "Log in to continue");
    if (user.mustChangePassword && !route.allowTemporaryPassword)
      throw new AppError("password_change_required", "Change your temporary password to continue");
    if (route.guard === "admin" && user.role !== "admin") throw new AppError("forbidden", "Only admins can do this");
    if (MUTATING.has(route.method) && !user.token) checkOrigin(ctx, req, true);
  } else if (route.guard === "visitor") {
    const auth = req.headers.authorization;
    visitor = await ctx.auth.resolveVisitor(
      ctx.visitorTokens.verify(auth?.startsWith("Bearer ") ? auth.slice(7) : (req.query.token as string | undefined)),
    );
    if (!visitor) throw new AppError("unauthenticated", "Missing or invalid visitor token");
  } else if (route.guard === "agent_or_visitor") {
    // Read-only by design (downloads): a session cookie, an API token or a visitor token.
    const apiToken = bearerApiToken(req.headers.authorization);
    user = apiToken
      ? await ctx.auth.readApiToken(apiToken)
      : await ctx.auth.readSession(parseCookies(req.headers.cookie)[SESSION_COOKIE]);
    if (apiToken && !user) throw new AppError("unauthenticated", "Invalid, expired or revoked API token");
    if (user?.mustChangePassword)
      throw new AppError("password_change_required", "Change your temporary password to continue");
    if (!user && !apiToken) {
      const auth = req.headers.authorization;
      visitor = await ctx.auth.resolveVisitor(
        ctx.visitorTokens.verify(auth?.startsWith("Bearer ") ? auth.slice(7) : (req.query.token as string | undefined)),
      );
    }
    // A signed, expiring link (for providers fetching our media) is checked by the handler itself.
    if (!user && !visitor && typeof req.query.sig !== "string")
      throw new AppError("unauthenticated", "Log in or send a visitor token");
    if (MUTATING.has(route.method)) throw new Error("agent_or_visitor routes must be read-only");
  } else if (MUTATING.has(route.method) && !route.crossOrigin) {
    checkOrigin(ctx, req, false);
  }
  const params = parse(route.params, req.params, "path");
  const query = parse(route.query, req.query, "query");
  const body = route.multipart ? undefined : parse(route.body, req.body ?? {}, "body");
  const result = await route.handler({
    req,
    res,
    params,
    query,
    body,
    user: user ?? undefined,
    visitor: visitor ?? undefined,
  } as never);
  if (result === res || res.headersSent) return;
  if (route.response && ctx.config.env !== "production") {
    // In development and tests a response that breaks its documented schema is a bug: fail loudly.
    const check = route.response.safeParse(result);
    if (!check.success) {
      ctx.log.error({ path: route.path, issues: check.error.issues.slice(0, 5) }, "response does not match its schema");
      throw new Error(`Response of ${route.method.toUpperCase()} ${route.path} does not match its schema`);
    }
  }
  const status = route.status ?? 200;
  if (status === 204 || result === undefined) res.status(204).end();
  else res.status(status).json(result);
}
