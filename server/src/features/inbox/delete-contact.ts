import { eq, inArray } from "drizzle-orm";
import type { AppContext } from "../../platform/context";
import type { Db } from "../../platform/db/client";
import { notFound } from "../../platform/errors";
import { type AuditActor, recordAudit } from "../audit";
import { deleteConversationRows, removeStoredFiles } from "./delete-conversation";
import { contacts, conversations } from "./schema";

/**
 * An admin deletes a contact. Decided: the contact's conversations are deleted with it (messages,
 * attachments and their files too) rather than refused: a conversation cannot exist without its
 * customer, and the usual reason to delete a person (a data-erasure request, spam) wants their
 * history gone as well. The console's confirmation says how many conversations go with it.
 * Identities go by ON DELETE CASCADE. One audit entry, in the same transaction.
 */
export async function deleteContact(ctx: AppContext, actor: AuditActor, id: string) {
  const { keys, count, ids } = await ctx.db.transaction(async (tx) => {
    const [c] = await tx.select().from(contacts).where(eq(contacts.id, id)).for("update");
    if (!c) throw notFound("Contact");
    const convs = await tx.select({ id: conversations.id }).from(conversations).where(eq(conversations.contactId, id));
    const files = await deleteConversationRows(
      tx,
      convs.map((v) => v.id),
    );
    await tx.delete(contacts).where(eq(contacts.id, id));
    const label = c.name ?? c.email ?? c.phone ?? "an unnamed contact";
    await recordAudit(tx, actor, {
      action: "contact.deleted",
      summary: `Deleted contact ${label}${convs.length ? ` and ${convs.length} conversation${convs.length === 1 ? "" : "s"}` : ""}`,
      target: { type: "contact", id },
      // Enough to answer "who was this?" later; the rest of the person's data is gone with them.
      details: { name: c.name, conversations: convs.length, files: files.length },
    });
    return { keys: files, count: convs.length, ids: convs.map((v) => v.id) };
  });
  if (ids.length) ctx.bus.emit("conversations.deleted", { conversationIds: ids });
  await removeStoredFiles(ctx, keys);
  return { deletedConversations: count };
}

/**
 * Deletes contacts with all their conversations inside the caller's transaction (the demo removal);
 * returns the counts and the stored files' keys for `removeStoredFiles` after commit.
 */
export async function deleteContactRows(tx: Db, ids: string[]) {
  if (ids.length === 0) return { contacts: 0, conversations: 0, files: [] as string[] };
  const convs = await tx
    .select({ id: conversations.id })
    .from(conversations)
    .where(inArray(conversations.contactId, ids));
  const files = await deleteConversationRows(
    tx,
    convs.map((v) => v.id),
  );
  const gone = await tx.delete(contacts).where(inArray(contacts.id, ids)).returning({ id: contacts.id });
  return { contacts: gone.length, conversations: convs.length, files };
}

/** Conversations assigned to these agents become unassigned (before the agents are deleted). */
export async function unassignAgents(tx: Db, userIds: string[]) {
  if (userIds.length)
    await tx.update(conversations).set({ assigneeId: null }).where(inArray(conversations.assigneeId, userIds));
}
