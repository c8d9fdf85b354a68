import { and, eq, ne } from "drizzle-orm";
import type { AppContext } from "../../platform/context";
import { AppError, notFound } from "../../platform/errors";
import { getContact } from "./contact-queries";
import { getConversation } from "./queries";
import { contactIdentities, contacts, conversations, messages } from "./schema";

/**
 * Merges `otherId` into `keepId` in one transaction: identities, conversations and the customer's
 * messages move; notes are appended; blank profile fields and attributes are filled. Nothing is lost.
 */
export async function mergeContacts(ctx: AppContext, keepId: string, otherId: string) {
  if (keepId === otherId)
    throw new AppError("validation_failed", "A contact cannot be merged into itself", {
      fieldErrors: { otherContactId: ["Same contact"] },
      formErrors: [],
    });
  const moved = await ctx.db.transaction(async (tx) => {
    const [keep] = await tx.select().from(contacts).where(eq(contacts.id, keepId)).limit(1).for("update");
    const [other] = await tx.select().from(contacts).where(eq(contacts.id, otherId)).limit(1).for("update");
    if (!keep) throw notFound("Contact");
    if (!other) throw notFound("Contact to merge");
    await tx.update(contactIdentities).set({ contactId: keepId }).where(eq(contactIdentities.contactId, otherId));
    const convs = await tx
      .update(conversations)
      .set({ contactId: keepId, updatedAt: new Date() })
      .where(eq(conversations.contactId, otherId))
      .returning({ id: conversations.id });
    await tx
      .update(messages)
      .set({ senderId: keepId })
      .where(and(eq(messages.senderType, "customer"), eq(messages.senderId, otherId), ne(messages.senderId, keepId)));
    const notes = [keep.notes, other.notes]
      .filter((n) => n.trim())
      .join("\n\n— merged from " + (other.name ?? other.email ?? other.phone ?? "another contact") + " —\n");
    await tx
      .update(contacts)
      .set({
        name: keep.name ?? other.name,
        email: keep.email ?? other.email,
        phone: keep.phone ?? other.phone,
        avatarUrl: keep.avatarUrl ?? other.avatarUrl,
        notes,
        attributes: { ...other.attributes, ...keep.attributes },
        updatedAt: new Date(),
      })
      .where(eq(contacts.id, keepId));
    await tx.delete(contacts).where(eq(contacts.id, otherId));
    return convs.map((c) => c.id);
  });
  for (const id of moved) {
    const conversation = await getConversation(ctx.db, id);
    if (conversation) ctx.bus.emit("conversation.updated", { conversation });
  }
  return (await getContact(ctx.db, keepId, true))!;
}
