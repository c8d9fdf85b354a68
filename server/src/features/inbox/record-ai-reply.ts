import type { Conversation, Message } from "@switchboard/contracts";
import { toPlainText } from "@switchboard/contracts";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { AppContext } from "../../platform/context";
import type { Db } from "../../platform/db/client";
import { AppError } from "../../platform/errors";
import { assertChannelCanSend, deliversByJob, getChannelForReply, replyWindowFor } from "../channels/catalog";
import { preview } from "./preview";
import { getConversation, getMessage } from "./queries";
import { conversations, messages } from "./schema";

export interface AiReply {
  conversationId: string;
  content: string;
  senderName: string;
  /** metadata.ai of the message (contracts aiMessageMetaSchema: decision, rule, sources, ...). */
  ai: Record<string, unknown>;
  /** The newest customer message the reply answers (the end of the burst the AI read). */
  newestPendingId: string;
  /**
   * answer: the AI must still own the conversation and nobody may have written since the burst.
   * handoff_message: the AI's last words after it handed off (the conversation is already the
   * humans'); refused only if an agent has already answered, since they then spoke first.
   */
  mode: "answer" | "handoff_message";
  /** Runs inside the same transaction once the message row exists (the AI's decision records). */
  inTransaction?: (tx: Db, messageId: string) => Promise<void>;
}

export type AiReplyRefusal =
  | "gone"
  | "not_ai"
  | "newer_customer_message"
  | "already_answered"
  | "channel_unavailable"
  | "window_closed"
  | "cannot_send";

export type AiReplyResult =
  | { ok: true; message: Message; conversation: Conversation }
  | { ok: false; reason: AiReplyRefusal; detail?: string };

/**
 * The AI's message to the customer, with the ownership re-check in the transaction that records it:
 * the conversation row is locked, so an agent's reply (sendReply locks it too), a takeover or a new
 * customer message either committed before (and the draft is refused) or waits for this one. Nothing
 * is written when refused. It goes out exactly as an agent's reply: stored `sent` on the website
 * (the hub delivers it on message.created), `queued` on provider channels (the deliver-message job).
 */
export async function recordAiReply(ctx: AppContext, r: AiReply): Promise<AiReplyResult> {
  const outcome = await ctx.db.transaction(
    async (tx): Promise<{ id: string } | { refused: AiReplyRefusal; detail?: string }> => {
      const [conv] = await tx
        .select()
        .from(conversations)
        .where(eq(conversations.id, r.conversationId))
        .limit(1)
        .for("update");
      if (!conv) return { refused: "gone" };
      if (r.mode === "answer" && conv.handler !== "ai") return { refused: "not_ai" };
      const [pending] = await tx
        .select({ createdAt: messages.createdAt })
        .from(messages)
        .where(eq(messages.id, r.newestPendingId))
        .limit(1);
      if (!pending) return { refused: "gone" };
      const later = await tx
        .select({ id: messages.id, senderType: messages.senderType })
        .from(messages)
        .where(
          and(
            eq(messages.conversationId, conv.id),
            eq(messages.private, false),
            inArray(messages.senderType, r.mode === "answer" ? ["customer", "agent", "ai"] : ["agent"]),
            // Same instant, other id: ordered like the thread (created_at, id).
            sql`(${messages.createdAt}, ${messages.id}) > (${pending.createdAt}, ${r.newestPendingId}::uuid)`,
          ),
        )
        .orderBy(desc(messages.createdAt))
        .limit(5);
      if (later.some((m) => m.senderType !== "customer")) return { refused: "already_answered" };
      if (later.length) return { refused: "newer_customer_message" };

      const channel = await getChannelForReply(tx, conv.channelId);
      const byJob = deliversByJob(channel!.type);
      if (byJob && (!channel!.enabled || channel!.deletedAt)) return { refused: "channel_unavailable" };
      if (byJob && !replyWindowFor(channel!.type, channel!.settings, conv.lastInboundAt).open)
        return { refused: "window_closed" };
      try {
        assertChannelCanSend(channel!.type, { content: r.content, files: [] });
      } catch (err) {
        if (err instanceof AppError) return { refused: "cannot_send", detail: err.message };
        throw err;
      }
      const [inserted] = await tx
        .insert(messages)
        .values({
          conversationId: conv.id,
          channelId: conv.channelId,
          direction: "outbound",
          senderType: "ai",
          senderName: r.senderName,
          private: false,
          content: r.content,
          kind: "text",
          metadata: { ai: r.ai },
          status: byJob ? "queued" : "sent",
        })
        .returning({ id: messages.id, createdAt: messages.createdAt });
      await tx
        .update(conversations)
        .set({
          lastMessageAt: inserted!.createdAt,
          lastMessagePreview: preview(toPlainText(r.content), 0),
          lastMessageSenderType: "ai",
          lastMessageSenderId: null,
          lastMessageSenderName: r.senderName,
          contactUnreadCount: sql`${conversations.contactUnreadCount} + 1`,
          // An answer settles the wait; after a handoff the customer is still waiting, for a person.
          ...(r.mode === "answer" ? { waitingSince: null } : {}),
          updatedAt: new Date(),
        })
        .where(eq(conversations.id, conv.id));
      await r.inTransaction?.(tx, inserted!.id);
      return { id: inserted!.id };
    },
  );
  if ("refused" in outcome) return { ok: false, reason: outcome.refused, detail: outcome.detail };
  const message = (await getMessage(ctx.db, outcome.id))!;
  const conversation = (await getConversation(ctx.db, r.conversationId))!;
  ctx.bus.emit("message.created", { message, conversation });
  ctx.bus.emit("conversation.updated", { conversation });
  return { ok: true, message, conversation };
}
