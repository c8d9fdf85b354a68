import { conversationSchema, idParams, routingQueue, transferBody } from "@switchboard/contracts";
import { z } from "zod";
import type { AppContext } from "../../platform/context";
import { AppError } from "../../platform/errors";
import { defineRoute } from "../../platform/http/route";
import { getTeam, getUser, isActiveAgent } from "../agents";
import {
  getConversation,
  handBackConversation,
  requireVisibleConversation,
  takeConversation,
  transferToAgent,
  transferToQueue,
  userActor,
} from "../inbox";
import { drainQueue } from "./drain";
import { readQueue } from "./queue";

const noSuchAgent = () =>
  new AppError("validation_failed", "No active agent with that id", {
    fieldErrors: { assigneeId: ["No active agent with that id"] },
    formErrors: [],
  });

export function routingRoutes(ctx: AppContext) {
  const tags = ["routing"];
  // A conversation the agent may not see is "not found" (per-agent visibility), as everywhere else.
  const exists = async (id: string, user: { id: string }) => {
    await requireVisibleConversation(ctx.db, user, id);
  };
  return [
    defineRoute({
      method: "get",
      path: "/api/routing/queue",
      guard: "agent",
      summary: "Conversations waiting for a person: priority first, then longest waiting",
      tags,
      query: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
      response: routingQueue,
      handler: ({ user, query }) => readQueue(ctx, user.id, query.limit),
    }),
    defineRoute({
      method: "post",
      path: "/api/conversations/:id/take",
      guard: "agent",
      summary: "Take the conversation: you become its assignee and a person answers from now on (the AI stops)",
      tags,
      params: idParams,
      response: conversationSchema,
      handler: async ({ params, user }) => {
        await exists(params.id, user);
        return takeConversation(ctx, params.id, { ...userActor(user), id: user.id });
      },
    }),
    // Whether the AI answers on this channel is the responder's own check when the customer next
    // writes (routing cannot read the AI's settings: the AI depends on routing, not the reverse). A
    // conversation handed back where the AI is off waits for that check to hand it off again.
    defineRoute({
      method: "post",
      path: "/api/conversations/:id/hand-back",
      guard: "agent",
      summary: "Hand the conversation back to the AI agent (unassigned, out of the queue)",
      tags,
      params: idParams,
      response: conversationSchema,
      handler: async ({ params, user }) => {
        await exists(params.id, user);
        return handBackConversation(ctx, params.id, userActor(user));
      },
    }),
    defineRoute({
      method: "post",
      path: "/api/conversations/:id/transfer",
      guard: "agent",
      summary:
        "Transfer to an agent (assigned at once, whatever their availability and load) or to a team's queue (routed to its next eligible member)",
      tags,
      params: idParams,
      body: transferBody,
      response: conversationSchema,
      handler: async ({ params, body, user }) => {
        await exists(params.id, user);
        const team = body.teamId ? await getTeam(ctx.db, body.teamId) : null;
        if (body.teamId && !team)
          throw new AppError("validation_failed", "No team with that id", {
            fieldErrors: { teamId: ["No team with that id"] },
            formErrors: [],
          });
        const actor = userActor(user);
        if (body.assigneeId) {
          if (!(await isActiveAgent(ctx.db, body.assigneeId))) throw noSuchAgent();
          const to = (await getUser(ctx.db, body.assigneeId))!;
          return transferToAgent(
            ctx,
            params.id,
            { id: to.id, name: to.name },
            { teamId: body.teamId, note: body.note },
            actor,
          );
        }
        await transferToQueue(ctx, params.id, team, { note: body.note }, actor);
        await drainQueue(ctx);
        return (await getConversation(ctx.db, params.id))!;
      },
    }),
  ];
}
