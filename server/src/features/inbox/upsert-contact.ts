import { and, eq } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { storableOrNull } from "../../platform/storable";
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
  p: {
    channelId: string;
    externalId: string;
    profile?: ContactProfile;
    /**
     * The profile is the customer's own, as the provider reports it now (WhatsApp, Telegram,
     * Instagram, X): a changed name replaces ours, unless an agent set the name by hand.
     * Otherwise (website visitors) the profile only fills blanks.
     */
    providerProfile?: boolean;
  },
) {
  const profile = p.profile && storableProfile(p.profile);
  return db.transaction(async (tx) => {
    const [found] = await tx
      .select({ identityId: contactIdentities.id, contactId: contactIdentities.contactId })
      .from(contactIdentities)
      .where(and(eq(contactIdentities.channelId, p.channelId), eq(contactIdentities.externalId, p.externalId)))
      .limit(1);
    if (found) {
      await fillContactProfile(tx, found.contactId, profile, { followName: p.providerProfile });
      return { ...found, created: false };
    }
    const [contact] = await tx
      .insert(contacts)
      .values({
        name: profile?.name ?? null,
        email: profile?.email ?? null,
        phone: profile?.phone ?? null,
        avatarUrl: profile?.avatarUrl ?? null,
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

/** Profile strings from a provider or visitor, cleaned of what PostgreSQL cannot store. */
const storableProfile = (p: ContactProfile): ContactProfile => ({
  name: storableOrNull(p.name)?.trim().slice(0, 200) || null,
  email: storableOrNull(p.email),
  phone: storableOrNull(p.phone),
  avatarUrl: storableOrNull(p.avatarUrl),
});

/**
 * Fills blanks. With `followName`, a changed profile name also replaces the stored one, unless an
 * agent edited the name by hand (`name_edited_at`): a name the agent typed is never overwritten.
 */
export async function fillContactProfile(
  db: Db,
  contactId: string,
  raw: ContactProfile | undefined,
  opts: { followName?: boolean } = {},
) {
  if (!raw) return;
  const profile = storableProfile(raw);
  const [c] = await db.select().from(contacts).where(eq(contacts.id, contactId)).limit(1);
  if (!c) return;
  const patch: ContactProfile = {};
  if (profile.name && profile.name !== c.name && (!c.name || (opts.followName && !c.nameEditedAt)))
    patch.name = profile.name;
  if (!c.email && profile.email) patch.email = profile.email;
  if (!c.phone && profile.phone) patch.phone = profile.phone;
  if (Object.keys(patch).length)
    await db
      .update(contacts)
      .set({ ...patch, updatedAt: new Date() })
      .where(eq(contacts.id, contactId));
}
