import {
  changePasswordBody,
  createAgentBody,
  createAgentResult,
  idParams,
  loginBody,
  meSchema,
  resetPasswordResult,
  setupBody,
  setupStatusSchema,
  updateAgentBody,
  updateMeBody,
  agentSummarySchema,
  userSchema,
} from "@switchboard/contracts";
import type { Request, Response } from "express";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { SESSION_COOKIE } from "../../platform/auth/identity";
import { createSession, deleteSession, deleteUserSessions } from "./sessions";
import type { AppContext } from "../../platform/context";
import { AppError, notFound } from "../../platform/errors";
import { defineRoute } from "../../platform/http/route";
import { changePassword } from "./change-password";
import { createAgent } from "./create-agent";
import { login } from "./login";
import { countUsers, getUser, listAgents } from "./queries";
import { resetPassword } from "./reset-password";
import { recordAudit, requestActor } from "../audit";
import { users } from "./schema";
import { touchActivity } from "./availability";

function setSessionCookie(ctx: AppContext, req: Request, res: Response, token: string, expires: Date) {
  const secure = req.secure || ctx.config.publicUrl?.startsWith("https://") === true;
  res.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: "lax", secure, expires, path: "/" });
}

/** One entry per kind of change (role, disabled/enabled, other fields), so the log filters by action. */
async function auditAgentChange(
  tx: AppContext["db"],
  actor: ReturnType<typeof requestActor>,
  before: typeof users.$inferSelect,
  body: z.infer<typeof updateAgentBody>,
) {
  const target = { type: "user", id: before.id };
  if (body.role !== undefined && body.role !== before.role)
    await recordAudit(tx, actor, {
      action: "user.role_changed",
      summary: `Changed ${before.name}'s role from ${before.role} to ${body.role}`,
      target,
      details: { from: before.role, to: body.role },
    });
  if (body.disabled !== undefined && body.disabled !== before.disabled)
    await recordAudit(tx, actor, {
      action: body.disabled ? "user.disabled" : "user.enabled",
      summary: `${body.disabled ? "Disabled" : "Enabled"} ${before.name}`,
      target,
    });
  if (body.visibility !== undefined && body.visibility !== before.visibility)
    await recordAudit(tx, actor, {
      action: "user.visibility_changed",
      summary: `Changed which conversations ${before.name} sees from ${before.visibility} to ${body.visibility}`,
      target,
      details: { from: before.visibility, to: body.visibility },
    });
  const other = Object.keys(body).filter(
    (k) =>
      k !== "role" &&
      k !== "disabled" &&
      k !== "visibility" &&
      body[k as keyof typeof body] !== before[k as keyof typeof before],
  );
  if (other.length)
    await recordAudit(tx, actor, {
      action: "user.updated",
      summary: `Changed ${before.name}'s ${other.join(", ")}`,
      target,
      details: Object.fromEntries(
        other.map((k) => [k, { from: before[k as keyof typeof before], to: body[k as keyof typeof body] }]),
      ),
    });
}

/** `openConversationsByAssignee` comes from the inbox (its conversations), handed over by app.ts. */
export function agentRoutes(
  ctx: AppContext,
  deps: { openConversationsByAssignee: (db: AppContext["db"]) => Promise<Map<string, number>> },
) {
  return [
    defineRoute({
      method: "get",
      path: "/api/setup",
      guard: "public",
      summary: "Whether the first-run setup screen should be shown",
      tags: ["auth"],
      response: setupStatusSchema,
      handler: async () => ({ needsSetup: (await countUsers(ctx.db)) === 0, demo: ctx.config.demo }),
    }),
    defineRoute({
      method: "post",
      path: "/api/setup",
      guard: "public",
      summary: "Create the first admin (only while no user exists)",
      tags: ["auth"],
      body: setupBody,
      response: meSchema,
      status: 201,
      handler: async ({ body, req, res }) => {
        // Serialised by the unique email index plus this check; a second setup finds a user and stops.
        if ((await countUsers(ctx.db)) > 0)
          throw new AppError("setup_already_done", "Switchboard is already set up; log in instead");
        const { agent } = await createAgent(ctx.db, { ...body, role: "admin" });
        const s = await createSession(ctx.db, { userId: agent.id, ip: req.ip, userAgent: req.get("user-agent") });
        setSessionCookie(ctx, req, res, s.token, s.expiresAt);
        return { user: agent };
      },
    }),
    defineRoute({
      method: "post",
      path: "/api/auth/login",
      guard: "public",
      summary: "Log in with email and password; starts a cookie session",
      tags: ["auth"],
      body: loginBody,
      response: meSchema,
      handler: async ({ body, req, res }) => {
        const r = await login(ctx, {
          email: body.email,
          password: body.password,
          ip: req.ip ?? "?",
          userAgent: req.get("user-agent"),
        });
        setSessionCookie(ctx, req, res, r.token, r.expiresAt);
        await touchActivity(ctx.db, r.user.id);
        return { user: r.user };
      },
    }),
    defineRoute({
      method: "post",
      path: "/api/auth/logout",
      guard: "agent",
      summary: "End this session",
      tags: ["auth"],
      sessionOnly: true,
      status: 204,
      allowTemporaryPassword: true,
      handler: async ({ user, res }) => {
        await deleteSession(ctx.db, user.sessionId);
        // The socket is keyed by user, not session: other devices' consoles reconnect with their cookies.
        ctx.hub.disconnectUser(user.id);
        res.clearCookie(SESSION_COOKIE, { path: "/" });
      },
    }),
    defineRoute({
      method: "get",
      path: "/api/me",
      guard: "agent",
      summary: "The logged-in user",
      tags: ["auth"],
      response: meSchema,
      allowTemporaryPassword: true,
      handler: async ({ user }) => ({ user: (await getUser(ctx.db, user.id))! }),
    }),
    defineRoute({
      method: "patch",
      path: "/api/me",
      guard: "agent",
      summary: "Update my profile or availability",
      tags: ["agents"],
      body: updateMeBody,
      response: meSchema,
      handler: async ({ user, body }) => {
        await ctx.db
          .update(users)
          // Choosing "online" is the most deliberate sign of life: the inactivity clock restarts.
          .set({
            ...body,
            ...(body.availability === "online" ? { lastActiveAt: new Date() } : {}),
            updatedAt: new Date(),
          })
          .where(eq(users.id, user.id));
        if (body.availability) ctx.bus.emit("presence.updated", { userId: user.id, availability: body.availability });
        return { user: (await getUser(ctx.db, user.id))! };
      },
    }),
    defineRoute({
      method: "post",
      path: "/api/me/activity",
      guard: "agent",
      summary: "The console saw its user act (typing, clicking): restarts the inactivity clock of auto-away",
      tags: ["agents"],
      status: 204,
      handler: async ({ user }) => {
        await touchActivity(ctx.db, user.id);
      },
    }),
    defineRoute({
      method: "post",
      path: "/api/me/password",
      guard: "agent",
      summary: "Change my password (the current one is required); ends every session and starts a new one here",
      tags: ["auth"],
      sessionOnly: true,
      body: changePasswordBody,
      response: meSchema,
      allowTemporaryPassword: true,
      handler: async ({ user, body, req, res }) => {
        const s = await changePassword(ctx.db, {
          userId: user.id,
          currentPassword: body.currentPassword,
          newPassword: body.newPassword,
          ip: req.ip,
          userAgent: req.get("user-agent"),
        });
        ctx.hub.disconnectUser(user.id);
        setSessionCookie(ctx, req, res, s.token, s.expiresAt);
        return { user: (await getUser(ctx.db, user.id))! };
      },
    }),
    defineRoute({
      method: "post",
      path: "/api/agents/:id/reset-password",
      guard: "admin",
      summary: "Give an agent a temporary password (shown once); their sessions end",
      tags: ["agents"],
      params: idParams,
      response: resetPasswordResult,
      handler: async ({ params, user, req }) => {
        if (params.id === user.id)
          throw new AppError("conflict", "Change your own password in Settings → Profile instead");
        const r = await ctx.db.transaction(async (tx) => {
          const reset = await resetPassword(tx, params.id);
          const target = await getUser(tx, params.id);
          await recordAudit(tx, requestActor(req, user), {
            action: "user.password_reset",
            summary: `Reset the password of ${target?.name ?? "a user"} (temporary password issued)`,
            target: { type: "user", id: params.id },
          });
          return reset;
        });
        ctx.hub.disconnectUser(params.id);
        return r;
      },
    }),
    defineRoute({
      method: "get",
      path: "/api/agents",
      guard: "agent",
      summary: "All agents with availability and load",
      tags: ["agents"],
      response: z.object({ items: z.array(agentSummarySchema) }),
      handler: async () => ({ items: await listAgents(ctx.db, await deps.openConversationsByAssignee(ctx.db)) }),
    }),
    defineRoute({
      method: "post",
      path: "/api/agents",
      guard: "admin",
      summary: "Create an agent or admin",
      tags: ["agents"],
      body: createAgentBody,
      response: createAgentResult,
      status: 201,
      handler: ({ body, user, req }) =>
        ctx.db.transaction(async (tx) => {
          const r = await createAgent(tx, body);
          await recordAudit(tx, requestActor(req, user), {
            action: "user.created",
            summary: `Created ${r.agent.role} ${r.agent.name} (${r.agent.email})`,
            target: { type: "user", id: r.agent.id },
            details: { role: r.agent.role, email: r.agent.email },
          });
          return r;
        }),
    }),
    defineRoute({
      method: "patch",
      path: "/api/agents/:id",
      guard: "admin",
      summary: "Change an agent's name, role, capacity, which conversations they see, or disable them",
      tags: ["agents"],
      params: idParams,
      body: updateAgentBody,
      response: z.object({ agent: userSchema }),
      handler: async ({ params, body, user, req }) => {
        if (params.id === user.id && (body.role === "agent" || body.disabled)) {
          throw new AppError("conflict", "You cannot demote or disable yourself; ask another admin");
        }
        const before = await ctx.db.transaction(async (tx) => {
          const [row] = await tx.select().from(users).where(eq(users.id, params.id)).for("update");
          if (!row) throw notFound("Agent");
          await tx
            .update(users)
            .set({ ...body, updatedAt: new Date() })
            .where(eq(users.id, params.id));
          await auditAgentChange(tx, requestActor(req, user), row, body);
          return row;
        });
        // Role and visibility decide what they see: every process's realtime audience forgets their
        // scope and their consoles refetch (after commit, like every event).
        if (
          (body.visibility !== undefined && body.visibility !== before.visibility) ||
          (body.role !== undefined && body.role !== before.role)
        )
          ctx.bus.emit("visibility.changed", { userId: params.id });
        if (body.disabled) {
          await deleteUserSessions(ctx.db, params.id);
          ctx.hub.disconnectUser(params.id);
        }
        // Capacity and being enabled decide who may take conversations: the routing queue drains again.
        if (body.capacity !== undefined && body.capacity !== before.capacity)
          ctx.bus.emit("routing.changed", { cause: "capacity", userId: params.id });
        if (body.disabled !== undefined && body.disabled !== before.disabled)
          ctx.bus.emit("routing.changed", { cause: "agent", userId: params.id });
        return { agent: (await getUser(ctx.db, params.id))! };
      },
    }),
  ];
}
