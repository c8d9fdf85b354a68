import type { Conversation, Message } from "@switchboard/contracts";
import { inArray } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { recordReportingEvent } from "./record-event";
import { conversationFacts, reportingEvents } from "./schema";

/**
 * A conversation written by an import rather than lived through (the demo workspace): its reporting
 * events are recorded as the bus would have recorded them (created, each message at its own time, a
 * resolution at the last message), so the dashboard's charts agree with its inbox and live tiles.
 * Source keys are the usual ones: recording twice adds nothing.
 */
export async function recordImportedConversation(db: Db, conversation: Conversation, messages: Message[]) {
  await recordReportingEvent(db, { kind: "conversation.created", conversation });
  for (const message of messages) await recordReportingEvent(db, { kind: "message.created", message, conversation });
  if (conversation.status === "resolved")
    await recordReportingEvent(db, {
      kind: "conversation.updated",
      conversation,
      previous: { status: "open", assignee: conversation.assignee },
      at: new Date(conversation.lastMessageAt ?? conversation.createdAt),
    });
}

/** Removes the reporting rows of conversations that are deleted with their import (demo removal). */
export async function forgetConversations(db: Db, ids: string[]) {
  if (!ids.length) return;
  await db.delete(reportingEvents).where(inArray(reportingEvents.conversationId, ids));
  await db.delete(conversationFacts).where(inArray(conversationFacts.conversationId, ids));
}
