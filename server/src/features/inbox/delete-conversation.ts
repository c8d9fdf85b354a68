import { and, eq, inArray, ne, sql } from "drizzle-orm";
import type { AppContext } from "../../platform/context";
import type { Db } from "../../platform/db/client";
import { type AuditActor, recordAudit } from "../audit";
import { attachments, conversations, messages } from "./schema";

/**
 * Deletes conversations with everything in them, inside the caller's transaction: messages,
 * message parts and attachment rows go by ON DELETE CASCADE. Returns the stored files' keys, which
 * the caller removes from the FileStore after commit (`removeStoredFiles`): a file must not vanish
 * for a deletion that rolled back, and an S3 bucket is not part of the transaction anyway.
 */
export async function deleteConversationRows(tx: Db, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const files = await tx
    .select({ key: attachments.storageKey })
    .from(attachments)
    .innerJoin(messages, eq(messages.id, attachments.messageId))
    .where(inArray(messages.conversationId, ids));
  await tx.delete(conversations).where(inArray(conversations.id, ids));
  return files.map((f) => f.key);
}

/** After commit: a file that cannot be removed is logged and left (an orphan costs space, not correctness). */
export async function removeStoredFiles(ctx: AppContext, keys: string[]) {
  for (const key of keys) {
    try {
      await ctx.storage.remove(key);
    } catch (err) {
      ctx.log.warn({ err, key }, "could not remove a deleted conversation's file");
    }
  }
}

/** An admin deletes one conversation (thread menu → Delete conversation); audited in the same transaction. */
export async function deleteConversation(ctx: AppContext, actor: AuditActor, id: string): Promise<boolean> {
  const keys = await ctx.db.transaction(async (tx) => {
    const [c] = await tx
      .select({ id: conversations.id, contactId: conversations.contactId, channelId: conversations.channelId })
      .from(conversations)
      .where(eq(conversations.id, id))
      .for("update");
    if (!c) return null;
    const [{ n } = { n: 0 }] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(messages)
      // What people wrote: the thread's activity lines are not messages.
      .where(and(eq(messages.conversationId, id), ne(messages.senderType, "system")));
    const files = await deleteConversationRows(tx, [id]);
    await recordAudit(tx, actor, {
      action: "conversation.deleted",
      summary: `Deleted a conversation (${n} message${n === 1 ? "" : "s"}, ${files.length} file${files.length === 1 ? "" : "s"})`,
      target: { type: "conversation", id },
      details: { contactId: c.contactId, channelId: c.channelId, messages: n, files: files.length },
    });
    return files;
  });
  if (keys === null) return false;
  ctx.bus.emit("conversations.deleted", { conversationIds: [id] });
  await removeStoredFiles(ctx, keys);
  return true;
}
