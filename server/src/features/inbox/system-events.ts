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

export type Actor = NonNullable<SystemEvent["actor"]>;

/** The signed-in user who did something (a route's `user`), as a system event's actor. */
export function userActor(user: { id: string; name: string }): Actor {
  return { type: "user", id: user.id, name: user.name };
}

export async function recordSystemEvent(
  ctx: Pick<AppContext, "bus"> & { db: Db },
  conversationId: string,
  event: SystemEvent,
  text: string,
): Promise<Message | null> {
  const conversation = await getConversation(ctx.db, conversationId);
  if (!conversation) return null;
  const id = await insertSystemEvent(ctx.db, conversation, event, text);
  const message = (await getMessage(ctx.db, id))!;
  ctx.bus.emit("message.created", { message, conversation });
  return message;
}

/**
 * The same row, written inside the caller's transaction (so the event and the change it describes
 * commit together, or neither does); the caller announces it after commit with `announceSystemEvents`.
 */
export async function insertSystemEvent(
  db: Db,
  conversation: { id: string; channelId: string },
  event: SystemEvent,
  text: string,
): Promise<string> {
  const [row] = await db
    .insert(messages)
    .values({
      conversationId: conversation.id,
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
  return row!.id;
}

/** After commit: each written event reaches the console (private: never the widget or a channel). */
export async function announceSystemEvents(ctx: Pick<AppContext, "bus"> & { db: Db }, ids: string[]): Promise<void> {
  for (const id of ids) {
    const message = await getMessage(ctx.db, id);
    const conversation = message && (await getConversation(ctx.db, message.conversationId));
    if (message && conversation) ctx.bus.emit("message.created", { message, conversation });
  }
}
