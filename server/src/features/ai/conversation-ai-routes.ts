import { aiFeedbackBody, aiMessageFeedbackSchema, conversationAiSchema, idParams } from "@switchboard/contracts";
import { desc, eq } from "drizzle-orm";
import type { AppContext } from "../../platform/context";
import { notFound } from "../../platform/errors";
import { defineRoute } from "../../platform/http/route";
import { requestActor } from "../audit";
import { requireVisibleConversation } from "../inbox";
import { conversationFeedback, markAnswerWrong, withdrawFeedback } from "./feedback";
import { aiConversations, aiDecisions } from "./schema";

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** Agents review the AI's work in the thread: its state and decisions, and "Mark wrong" on an answer. */
export function conversationAiRoutes(ctx: AppContext) {
  const tags = ["ai"];
  return [
    defineRoute({
      method: "get",
      path: "/api/conversations/:id/ai",
      guard: "agent",
      summary:
        "The AI's side of a conversation: its state (turns, handoff, resolution), recent decisions and agents' feedback",
      tags,
      params: idParams,
      response: conversationAiSchema,
      handler: async ({ params, user }) => {
        await requireVisibleConversation(ctx.db, user, params.id);
        const [[state], decisions, feedback] = await Promise.all([
          ctx.db.select().from(aiConversations).where(eq(aiConversations.conversationId, params.id)),
          ctx.db
            .select()
            .from(aiDecisions)
            .where(eq(aiDecisions.conversationId, params.id))
            .orderBy(desc(aiDecisions.createdAt))
            .limit(50),
          conversationFeedback(ctx.db, params.id, user.id),
        ]);
        return {
          state: state
            ? {
                turns: state.turns,
                humanOfferedAt: iso(state.humanOfferedAt),
                lastReplyAt: iso(state.lastReplyAt),
                resolution: state.resolution,
                resolvedAt: iso(state.resolvedAt),
                handoffAt: iso(state.handoffAt),
                handoffReason: state.handoffReason,
                handoffRule: state.handoffRule,
              }
            : null,
          decisions: decisions.map((d) => ({
            id: d.id,
            action: d.action,
            rule: d.rule,
            reason: d.reason,
            provider: d.provider,
            model: d.model,
            confidence: d.confidence,
            replyMessageId: d.replyMessageId,
            createdAt: d.createdAt.toISOString(),
          })),
          feedback,
        };
      },
    }),
    defineRoute({
      method: "post",
      path: "/api/ai/messages/:id/feedback",
      guard: "agent",
      summary:
        "Mark an AI answer wrong (optional note); again updates the note. 422 for a message that is not the AI's",
      tags,
      params: idParams,
      body: aiFeedbackBody,
      response: aiMessageFeedbackSchema,
      handler: ({ params, body, user, req }) =>
        markAnswerWrong(ctx, { messageId: params.id, user, note: body.note, actor: requestActor(req, user) }),
    }),
    defineRoute({
      method: "delete",
      path: "/api/ai/messages/:id/feedback",
      guard: "agent",
      summary: 'Withdraw your "wrong" from an AI answer',
      tags,
      params: idParams,
      status: 204,
      handler: ({ params, user, req }) =>
        withdrawFeedback(ctx, { messageId: params.id, user, actor: requestActor(req, user) }),
    }),
  ];
}
