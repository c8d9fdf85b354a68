import type { ConversationStatus, Priority } from "@switchboard/contracts";
import { eq } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { contacts, conversations, messages } from "./schema";

/**
 * Stores a customer's conversation with its history as it already happened (the demo workspace):
 * no events, no unread bumps beyond what is given, no jobs. Not for live traffic (ingest-inbound is).
 */
export async function importConversation(
  db: Db,
  c: {
    channelId: string;
    contactId: string;
    identityId: string;
    senderName: string;
    status: ConversationStatus;
    priority: Priority;
    assigneeId: string | null;
    /** The customer's messages, oldest first, one minute apart, the last one at `lastAt`. */
    lines: string[];
    lastAt: Date;
    unread: number;
    contactNote?: string;
  },
): Promise<string> {
  const [conv] = await db
    .insert(conversations)
    .values({
      channelId: c.channelId,
      contactId: c.contactId,
      identityId: c.identityId,
      status: c.status,
      priority: c.priority,
      assigneeId: c.assigneeId,
      lastMessageAt: c.lastAt,
      lastInboundAt: c.lastAt,
      lastMessagePreview: c.lines.at(-1)!,
      agentUnreadCount: c.unread,
      // Created with its first message, not when the import ran (the reports measure from here).
      createdAt: new Date(c.lastAt.getTime() - (c.lines.length - 1) * 60_000),
    })
    .returning();
  for (const [i, content] of c.lines.entries()) {
    await db.insert(messages).values({
      conversationId: conv!.id,
      channelId: c.channelId,
      direction: "inbound",
      senderType: "customer",
      senderId: c.contactId,
      senderName: c.senderName,
      content,
      status: "sent",
      createdAt: new Date(c.lastAt.getTime() - (c.lines.length - 1 - i) * 60_000),
    });
  }
  if (c.contactNote !== undefined)
    await db.update(contacts).set({ notes: c.contactNote }).where(eq(contacts.id, c.contactId));
  return conv!.id;
}
