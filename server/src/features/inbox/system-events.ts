import type { Message } from "@switchboard/contracts";
import type { AppContext } from "../../platform/context";
import type { Db } from "../../platform/db/client";
import { getConversation, getMessage } from "./queries";
import { messages } from "./schema";

/**
 * What happened to a conversation, shown in its thread as a line between messages ("Dana assigned
 * this to Sam", "Resolved by Sam"). Stored as a private `system` message so the thread's order and
 * paging need nothing new; `metadata.event` carries the structured facts (for the console's icons and
 * for integrators), `content` the sentence a person reads. Never delivered to the customer, never
 * counted as unread, never the list's preview.
 */
export interface SystemEvent {
  /** assigned, unassigned, resolved, reopened, snoozed, pending, priority, label_added, label_removed, contact_merged, delivery_failed, … */
  type: string;
  /** Who did it: a user, the AI, or nobody (the system: a snooze ran out, a customer wrote). */
  actor?: { type: "user" | "ai" | "system"; id?: string | null; name?: string | null };
  [key: string]: unknown;
}

export async function recordSystemEvent(
  ctx: Pick<AppContext, "bus"> & { db: Db },
  conversationId: string,
  event: SystemEvent,
  text: string,
): Promise<Message | null> {
  const conversation = await getConversation(ctx.db, conversationId);
  if (!conversation) return null;
  const [row] = await ctx.db
    .insert(messages)
    .values({
      conversationId,
      channelId: conversation.channelId,
      direction: "outbound",
      senderType: "system",
      senderId: event.actor?.id ?? null,
      senderName: event.actor?.name ?? null,
      private: true,
      content: text,
      kind: "event",
      metadata: { event },
      status: "sent",
    })
    .returning({ id: messages.id });
  const message = (await getMessage(ctx.db, row!.id))!;
  ctx.bus.emit("message.created", { message, conversation });
  return message;
}
