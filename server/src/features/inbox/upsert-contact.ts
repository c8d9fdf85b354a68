import { and, eq } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { contactIdentities, contacts } from "./schema";

export interface ContactProfile {
  name?: string | null;
  email?: string | null;
  phone?: string | null;
  avatarUrl?: string | null;
}

/**
 * The contact behind a channel identity, created on first sight. Race-safe: two webhooks for a
 * new customer end with one contact, thanks to the unique (channel, external id) index.
 */
export async function upsertContactIdentity(
  db: Db,
  p: { channelId: string; externalId: string; profile?: ContactProfile },
) {
  return db.transaction(async (tx) => {
    const [found] = await tx
      .select({ identityId: contactIdentities.id, contactId: contactIdentities.contactId })
      .from(contactIdentities)
      .where(and(eq(contactIdentities.channelId, p.channelId), eq(contactIdentities.externalId, p.externalId)))
      .limit(1);
    if (found) {
      await fillContactProfile(tx, found.contactId, p.profile);
      return { ...found, created: false };
    }
    const [contact] = await tx
      .insert(contacts)
      .values({
        name: p.profile?.name ?? null,
        email: p.profile?.email ?? null,
        phone: p.profile?.phone ?? null,
        avatarUrl: p.profile?.avatarUrl ?? null,
      })
      .returning({ id: contacts.id });
    const [identity] = await tx
      .insert(contactIdentities)
      .values({ contactId: contact!.id, channelId: p.channelId, externalId: p.externalId })
      .onConflictDoNothing()
      .returning({ id: contactIdentities.id });
    if (!identity) {
      // Lost a race with a concurrent insert: drop our contact and use theirs.
      await tx.delete(contacts).where(eq(contacts.id, contact!.id));
      const [theirs] = await tx
        .select({ identityId: contactIdentities.id, contactId: contactIdentities.contactId })
        .from(contactIdentities)
        .where(and(eq(contactIdentities.channelId, p.channelId), eq(contactIdentities.externalId, p.externalId)))
        .limit(1);
      return { ...theirs!, created: false };
    }
    return { identityId: identity.id, contactId: contact!.id, created: true };
  });
}

/** Fills blanks only: a name the agent typed is never overwritten by a channel's profile. */
export async function fillContactProfile(db: Db, contactId: string, profile: ContactProfile | undefined) {
  if (!profile) return;
  const [c] = await db.select().from(contacts).where(eq(contacts.id, contactId)).limit(1);
  if (!c) return;
  const patch: ContactProfile = {};
  if (!c.name && profile.name) patch.name = profile.name;
  if (!c.email && profile.email) patch.email = profile.email;
  if (!c.phone && profile.phone) patch.phone = profile.phone;
  if (Object.keys(patch).length)
    await db
      .update(contacts)
      .set({ ...patch, updatedAt: new Date() })
      .where(eq(contacts.id, contactId));
}
