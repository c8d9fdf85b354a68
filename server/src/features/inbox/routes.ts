import { slaStateOf } from "../sla";
import {
  assignBody,
  bulkBody,
  bulkResult,
  conversationCounts,
  conversationPage,
  conversationSchema,
  idParams,
  listConversationsQuery,
  listMessagesQuery,
  messagePage,
  messageSchema,
  sendMessageBody,
  updateConversationBody,
} from "@switchboard/contracts";
import type { AppContext } from "../../platform/context";
import { notFound } from "../../platform/errors";
import { defineRoute } from "../../platform/http/route";
import { assignConversation } from "./assign-conversation";
import { bulkConversations } from "./bulk-conversations";
import { countConversations, listConversations } from "./list-conversations";
import { markRead } from "./mark-read";
import { getConversation, listMessages } from "./queries";
import { sendReply } from "./send-reply";
import { userActor } from "./system-events";
import { updateConversation } from "./update-conversation";
import { getVisibleConversation, requireVisibleConversation } from "./visibility";
import { visibilityScope } from "../agents";

export function conversationRoutes(ctx: AppContext) {
  const tags = ["conversations"];
  return [
    defineRoute({
      method: "get",
      path: "/api/conversations",
      guard: "agent",
      summary: "List conversations (filters, text search, keyset pagination)",
      tags,
      query: listConversationsQuery,
      response: conversationPage,
      handler: async ({ query, user }) =>
        listConversations(ctx.db, { ...query, userId: user.id, scope: await visibilityScope(ctx.db, user) }),
    }),
    // Before /:id, whose uuid check would answer 404 for these paths.
    defineRoute({
      method: "get",
      path: "/api/conversations/counts",
      guard: "agent",
      summary: "How many conversations the Mine / Unassigned / All tabs hold under the other filters",
      tags,
      query: listConversationsQuery.omit({ assignee: true, q: true, cursor: true, limit: true, sort: true }),
      response: conversationCounts,
      handler: async ({ query, user }) =>
        countConversations(ctx.db, {
          ...query,
          assignee: "any",
          userId: user.id,
          scope: await visibilityScope(ctx.db, user),
        }),
    }),
    defineRoute({
      method: "post",
      path: "/api/conversations/bulk",
      guard: "agent",
      summary: "Resolve, reopen, snooze, assign, prioritise or label up to 500 conversations (all or nothing)",
      tags,
      body: bulkBody,
      response: bulkResult,
      handler: async ({ body, user }) => bulkConversations(ctx, body, user, await visibilityScope(ctx.db, user)),
    }),
    defineRoute({
      method: "get",
      path: "/api/conversations/:id",
      guard: "agent",
      summary: "One conversation",
      tags,
      params: idParams,
      response: conversationSchema,
      handler: async ({ params, user }) => {
        const conversation = await getVisibleConversation(ctx.db, user, params.id);
        return { ...conversation, sla: await slaStateOf(ctx.db, "conversation", conversation.id) };
      },
    }),
    defineRoute({
      method: "patch",
      path: "/api/conversations/:id",
      guard: "agent",
      summary: "Change status, priority or snooze",
      tags,
      params: idParams,
      body: updateConversationBody,
      response: conversationSchema,
      handler: async ({ params, body, user }) => {
        await requireVisibleConversation(ctx.db, user, params.id);
        return updateConversation(ctx, params.id, body, userActor(user));
      },
    }),
    defineRoute({
      method: "post",
      path: "/api/conversations/:id/assign",
      guard: "agent",
      summary: "Assign to an agent, or unassign with null",
      tags,
      params: idParams,
      body: assignBody,
      response: conversationSchema,
      handler: async ({ params, body, user }) => {
        await requireVisibleConversation(ctx.db, user, params.id);
        return assignConversation(ctx, params.id, body.assigneeId, userActor(user));
      },
    }),
    defineRoute({
      method: "post",
      path: "/api/conversations/:id/read",
      guard: "agent",
      summary: "Mark the customer's messages read",
      tags,
      params: idParams,
      response: conversationSchema,
      handler: async ({ params, user }) => {
        await requireVisibleConversation(ctx.db, user, params.id);
        return markRead(ctx, params.id, "agent");
      },
    }),
    defineRoute({
      method: "get",
      path: "/api/conversations/:id/messages",
      guard: "agent",
      summary: "Messages, newest last; `before` pages back in time",
      tags,
      params: idParams,
      query: listMessagesQuery,
      response: messagePage,
      handler: async ({ params, query, user }) => {
        // Private notes are visible to whoever sees the conversation.
        await requireVisibleConversation(ctx.db, user, params.id);
        if (!(await getConversation(ctx.db, params.id))) throw notFound("Conversation");
        return listMessages(ctx.db, {
          conversationId: params.id,
          before: query.before,
          limit: query.limit,
          includePrivate: true,
        });
      },
    }),
    defineRoute({
      method: "post",
      path: "/api/conversations/:id/messages",
      guard: "agent",
      summary: "Send a reply, or a private note with private: true",
      tags,
      params: idParams,
      body: sendMessageBody,
      response: messageSchema,
      status: 201,
      handler: async ({ params, body, user }) => {
        await requireVisibleConversation(ctx.db, user, params.id);
        return (await sendReply(ctx, { conversationId: params.id, user, ...body })).message;
      },
    }),
  ];
}
