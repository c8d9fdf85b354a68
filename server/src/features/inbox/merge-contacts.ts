import { and, desc, eq, ne, notInArray } from "drizzle-orm";
import type { AppContext } from "../../platform/context";
import { AppError, notFound } from "../../platform/errors";
import { getContact } from "./contact-queries";
import { getConversation } from "./queries";
import { contactConsentEvents, contactIdentities, contacts, conversations, messages } from "./schema";
import { type Actor, announceSystemEvents, insertSystemEvent } from "./system-events";

/**
 * Merges `otherId` into `keepId` in one transaction: identities, conversations and the customer's
 * messages move; notes are appended; blank profile fields and attributes are filled. Nothing is lost.
 */
// notInArray needs one element; no conversation has the nil uuid.
const NONE = ["00000000-0000-0000-0000-000000000000"];

export async function mergeContacts(ctx: AppContext, keepId: string, otherId: string, actor?: Actor) {
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
        // An opt-out on either twin survives the merge: the person asked for no marketing.
        ...(other.consentStatus === "opted_out" ||
        (keep.consentStatus === "unknown" && other.consentStatus !== "unknown")
          ? { consentStatus: other.consentStatus, consentSource: other.consentSource, consentAt: other.consentAt }
          : {}),
        timeZone: keep.timeZone ?? other.timeZone,
        updatedAt: new Date(),
      })
      .where(eq(contacts.id, keepId));
    await tx.update(contactConsentEvents).set({ contactId: keepId }).where(eq(contactConsentEvents.contactId, otherId));
    await tx.delete(contacts).where(eq(contacts.id, otherId));
    // An activity line in every conversation that moved (the agent reading it sees why the customer
    // changed), and in the kept contact's latest one.
    const otherName = other.name ?? other.email ?? other.phone ?? "another contact";
    const keepName = keep.name ?? keep.email ?? keep.phone ?? "this contact";
    const [latest] = await tx
      .select({ id: conversations.id })
      .from(conversations)
      .where(
        and(eq(conversations.contactId, keepId), notInArray(conversations.id, convs.map((c) => c.id).concat(NONE))),
      )
      .orderBy(desc(conversations.lastMessageAt))
      .limit(1);
    const lines = convs.map((c) => c.id).concat(latest ? [latest.id] : []);
    const eventIds: string[] = [];
    for (const convId of lines) {
      const [conv] = await tx
        .select({ id: conversations.id, channelId: conversations.channelId })
        .from(conversations)
        .where(eq(conversations.id, convId));
      eventIds.push(
        await insertSystemEvent(
          tx,
          conv!,
          {
            type: "contact_merged",
            actor,
            kept: { id: keepId, name: keepName },
            merged: { id: otherId, name: otherName },
          },
          actor?.name ? `${actor.name} merged ${otherName} into ${keepName}` : `Merged ${otherName} into ${keepName}`,
        ),
      );
    }
    return { moved: convs.map((c) => c.id), eventIds };
  });
  await announceSystemEvents(ctx, moved.eventIds);
  for (const id of moved.moved) {
    const conversation = await getConversation(ctx.db, id);
    if (conversation) ctx.bus.emit("conversation.updated", { conversation });
  }
  return (await getContact(ctx.db, keepId, true))!;
}
