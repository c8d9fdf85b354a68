import crypto from "node:crypto";
import type { AiMessageMeta, Message } from "@switchboard/contracts";
import { getConversation, getMessage } from "../src/features/inbox";
import { messages } from "../src/features/inbox/schema";
import type { TestServer } from "./helpers";

/** A knowledge source as the responder stores it with an answer (the ids need not exist for the console). */
export function source(title: string, score = 0.031, heading: string | null = null) {
  return {
    chunkId: crypto.randomUUID(),
    sourceType: "article" as const,
    sourceId: crypto.randomUUID(),
    title,
    heading,
    score,
  };
}

/**
 * Writes an AI message the way the responder does (sender `ai`, metadata.ai per aiMessageMetaSchema)
 * and, like the responder after its commit, announces it on the bus unless `announce: false`.
 */
export async function seedAiMessage(
  s: TestServer,
  conversationId: string,
  opts: {
    content?: string;
    kind?: AiMessageMeta["kind"];
    private?: boolean;
    announce?: boolean;
    meta?: Partial<AiMessageMeta>;
  } = {},
): Promise<Message> {
  const kind = opts.kind ?? "answer";
  // The AI answers only conversations it owns: make this one the AI's (the customer's first message
  // may meanwhile have been handed to routing, as happens where the AI is off for the channel).
  if (kind !== "handoff")
    await s.ctx.database.executeSql(
      "update conversations set handler = 'ai', queued_at = null, assignee_id = null where id = $1",
      [conversationId],
    );
  const conversation = (await getConversation(s.ctx.db, conversationId))!;
  const ai: AiMessageMeta = {
    kind,
    decisionId: crypto.randomUUID(),
    rule: kind === "handoff" ? "customer_asked_for_human" : "confident_answer",
    confidence: 0.82,
    sources: kind === "answer" ? [source("Refunds", 0.032, "How long refunds take")] : [],
    provider: "matcher",
    model: null,
    ...(kind === "handoff" ? { reason: "The customer asked for a person", summary: "Wants a refund" } : {}),
    ...opts.meta,
  };
  const [row] = await s.ctx.db
    .insert(messages)
    .values({
      conversationId,
      channelId: conversation.channelId,
      direction: "outbound",
      senderType: "ai",
      senderName: "AI agent",
      private: opts.private ?? kind === "handoff",
      content: opts.content ?? "Refunds reach your card within 5 working days.",
      metadata: { ai },
    })
    .returning();
  const message = (await getMessage(s.ctx.db, row!.id))!;
  if (opts.announce !== false) s.ctx.bus.emit("message.created", { message, conversation });
  return message;
}
