import type { Request, Response } from "express";
import type { z } from "zod";
import type { SessionUser } from "../auth/identity";
import type { VisitorIdentity } from "../auth/visitor-token";

/**
 * Every API route declares who may call it. `public` must be chosen explicitly;
 * a test walks the Express router and fails on any /api route not registered through defineRoute.
 */
export type Guard = "public" | "agent" | "admin" | "visitor" | "agent_or_visitor";

type Infer<S> = S extends z.ZodType ? z.infer<S> : undefined;

export interface RouteContext<G extends Guard, P, Q, B> {
  req: Request;
  res: Response;
  params: P;
  query: Q;
  body: B;
  user: G extends "agent" | "admin" ? SessionUser : G extends "agent_or_visitor" ? SessionUser | undefined : undefined;
  visitor: G extends "visitor"
    ? VisitorIdentity
    : G extends "agent_or_visitor"
      ? VisitorIdentity | undefined
      : undefined;
}

export interface RouteDef<
  G extends Guard = Guard,
  PS extends z.ZodType | undefined = z.ZodType | undefined,
  QS extends z.ZodType | undefined = z.ZodType | undefined,
  BS extends z.ZodType | undefined = z.ZodType | undefined,
> {
  method: "get" | "post" | "patch" | "put" | "delete";
  path: string;
  guard: G;
  summary: string;
  tags: string[];
  params?: PS;
  query?: QS;
  body?: BS;
  /** Called from customers' websites (the widget): CORS-enabled, checked against the channel's allowed origins instead of ours. */
  crossOrigin?: boolean;
  /** Reachable while the user still has a temporary password (me, change password, logout). */
  allowTemporaryPassword?: boolean;
  /**
   * Cookie sessions only: an API token is refused here (password changes, logout, minting tokens),
   * so a leaked token cannot lock the owner out or multiply itself.
   */
  sessionOnly?: boolean;
  /** `multipart` routes parse a single file field named `file` instead of JSON. */
  multipart?: boolean;
  /** This route's upload limit when it differs from MAX_UPLOAD_MB (a contact import takes 50 MB). */
  maxUploadBytes?: number;
  response?: z.ZodType;
  status?: 200 | 201 | 204;
  /** Return the response body; `undefined` with status 204 sends no body. Set headers/stream through ctx.res and return `ctx.res` to take over. */
  handler: (ctx: RouteContext<G, Infer<PS>, Infer<QS>, Infer<BS>>) => Promise<unknown> | unknown;
}

export function defineRoute<
  G extends Guard,
  PS extends z.ZodType | undefined = undefined,
  QS extends z.ZodType | undefined = undefined,
  BS extends z.ZodType | undefined = undefined,
>(def: RouteDef<G, PS, QS, BS>): RouteDef {
  return def as unknown as RouteDef;
}
