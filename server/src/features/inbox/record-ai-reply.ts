import crypto from "node:crypto";
import type { Conversation, Message } from "@switchboard/contracts";
import { toPlainText } from "@switchboard/contracts";
import { and, desc, eq, inArray, sql, type WithSubquery } from "drizzle-orm";
import type { AppContext } from "../../platform/context";
import type { Db } from "../../platform/db/client";
import { AppError } from "../../platform/errors";
import { assertChannelCanSend, deliversByJob, replyWindowFor } from "../channels/catalog";
import { preview } from "./preview";
import {
  attachmentPath,
  type ConversationRow,
  channelStateColumns,
  conversationQuery,
  loadMessages,
  toConversation,
} from "./queries";
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
  /**
   * The caller's own writes (the AI's decision records), as data-modifying CTEs (`tx.$with(...)`)
   * of the statement that inserts the message: they commit with it or not at all, in no extra
   * round trip. `messageId` is the id the message gets.
   */
  alsoWrite?: (tx: Db, messageId: string) => WithSubquery[];
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
 *
 * Three statements inside the transaction (it runs before every AI reply, so each round trip is
 * latency): (1) lock the row, reading the conversation as the event carries it, the channel and
 * whether the answered message exists; (2) the messages written since, in a statement of its own
 * because only a statement that starts after the lock is granted sees what the holder committed;
 * (3) the message, the conversation's summary and the caller's writes, as one statement.
 */
export async function recordAiReply(ctx: AppContext, r: AiReply): Promise<AiReplyResult> {
  const messageId = crypto.randomUUID();
  const outcome = await ctx.db.transaction(
    async (
      tx,
    ): Promise<{ message: Message; conversation: Conversation } | { refused: AiReplyRefusal; detail?: string }> => {
      const [locked] = (await conversationQuery(tx, {
        ...channelStateColumns,
        pendingFound: sql`exists (select 1 from ${messages} p where p.id = ${r.newestPendingId})`,
      })
        .where(eq(conversations.id, r.conversationId))
        .limit(1)
        .for("update", { of: conversations })) as (ConversationRow & {
        channelEnabled: boolean;
        channelDeleted: boolean;
        pendingFound: boolean;
      })[];
      if (!locked) return { refused: "gone" };
      const conv = locked.c;
      if (r.mode === "answer" && conv.handler !== "ai") return { refused: "not_ai" };
      if (!locked.pendingFound) return { refused: "gone" };
      const later = await tx
        .select({ id: messages.id, senderType: messages.senderType })
        .from(messages)
        .where(
          and(
            eq(messages.conversationId, conv.id),
            eq(messages.private, false),
            inArray(messages.senderType, r.mode === "answer" ? ["customer", "agent", "ai"] : ["agent"]),
            // Same instant, other id: ordered like the thread (created_at, id).
            sql`(${messages.createdAt}, ${messages.id}) > ((select p.created_at from ${messages} p where p.id = ${r.newestPendingId}), ${r.newestPendingId}::uuid)`,
          ),
        )
        .orderBy(desc(messages.createdAt))
        .limit(5);
      if (later.some((m) => m.senderType !== "customer")) return { refused: "already_answered" };
      if (later.length) return { refused: "newer_customer_message" };

      const channel = locked.channel;
      const byJob = deliversByJob(channel.type);
      if (byJob && (!locked.channelEnabled || locked.channelDeleted)) return { refused: "channel_unavailable" };
      if (byJob && !replyWindowFor(channel.type, channel.settings, conv.lastInboundAt).open)
        return { refused: "window_closed" };
      try {
        assertChannelCanSend(channel.type, { content: r.content, files: [] });
      } catch (err) {
        if (err instanceof AppError) return { refused: "cannot_send", detail: err.message };
        throw err;
      }
      const summary = {
        // now(): the transaction's time, the same value the message's created_at defaults to.
        lastMessagePreview: preview(toPlainText(r.content), 0),
        lastMessageSenderType: "ai" as const,
        lastMessageSenderId: null,
        lastMessageSenderName: r.senderName,
        // An answer settles the wait; after a handoff the customer is still waiting, for a person.
        ...(r.mode === "answer" ? { waitingSince: null } : {}),
        updatedAt: new Date(),
      };
      const summarise = tx.$with("ai_reply_summary").as(
        tx
          .update(conversations)
          .set({
            ...summary,
            lastMessageAt: sql`now()`,
            contactUnreadCount: sql`${conversations.contactUnreadCount} + 1`,
          })
          .where(eq(conversations.id, conv.id)),
      );
      const [inserted] = await tx
        .with(summarise, ...(r.alsoWrite?.(tx, messageId) ?? []))
        .insert(messages)
        .values({
          id: messageId,
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
        .returning();
      // The event's shapes from what this transaction read under the lock and wrote: no reads after commit.
      const [message] = await loadMessages(tx, [{ m: inserted!, senderAvatar: null }], attachmentPath, []);
      const conversation = toConversation({
        ...locked,
        c: { ...conv, ...summary, lastMessageAt: inserted!.createdAt, contactUnreadCount: conv.contactUnreadCount + 1 },
      });
      return { message: message!, conversation };
    },
  );
  if ("refused" in outcome) return { ok: false, reason: outcome.refused, detail: outcome.detail };
  const { message, conversation } = outcome;
  ctx.bus.emit("message.created", { message, conversation });
  ctx.bus.emit("conversation.updated", { conversation });
  return { ok: true, message, conversation };
}
