import crypto from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { storableOrNull } from "../../platform/storable";
import { phoneOrNull } from "./phone"; // i7-contacts
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
  // The common case (a customer we know) is one SELECT, and a first contact one INSERT statement:
  // this runs for every inbound webhook event, so round trips here are processing throughput.
  const found = await findIdentity(db, p.channelId, p.externalId);
  if (found) {
    await applyProfile(db, found.contact, profile, { followName: p.providerProfile });
    return { identityId: found.identityId, contactId: found.contact.id, created: false };
  }
  const contactId = crypto.randomUUID();
  const inserted = (await db.execute(sql`
    with c as (
      insert into ${contacts} (id, name, email, phone, avatar_url)
      values (${contactId}, ${profile?.name ?? null}, ${profile?.email ?? null}, ${profile?.phone ?? null}, ${profile?.avatarUrl ?? null})
      returning id
    ), i as (
      insert into ${contactIdentities} (contact_id, channel_id, external_id)
      select id, ${p.channelId}, ${p.externalId} from c
      on conflict do nothing
      returning id, contact_id
    )
    select i.id as identity_id, i.contact_id from i`)) as unknown as {
    rows: { identity_id: string; contact_id: string }[];
  };
  const row = inserted.rows[0];
  if (row) return { identityId: row.identity_id, contactId: row.contact_id, created: true };
  // Lost a race with a concurrent first message: drop the contact we made and use theirs.
  await db.delete(contacts).where(eq(contacts.id, contactId));
  const theirs = await findIdentity(db, p.channelId, p.externalId);
  return { identityId: theirs!.identityId, contactId: theirs!.contact.id, created: false };
}

type ContactRow = typeof contacts.$inferSelect;

async function findIdentity(db: Db, channelId: string, externalId: string) {
  const [found] = await db
    .select({ identityId: contactIdentities.id, contact: contacts })
    .from(contactIdentities)
    .innerJoin(contacts, eq(contacts.id, contactIdentities.contactId))
    .where(and(eq(contactIdentities.channelId, channelId), eq(contactIdentities.externalId, externalId)))
    .limit(1);
  return found;
}

/** Profile strings from a provider or visitor, cleaned of what PostgreSQL cannot store. */
export const storableProfile = (p: ContactProfile): ContactProfile => ({
  name: storableOrNull(p.name)?.trim().slice(0, 200) || null,
  email: storableOrNull(p.email),
  phone: phoneOrNull(storableOrNull(p.phone), { international: true, strict: false }), // i7-contacts: providers' numbers in E.164
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
  const [c] = await db.select().from(contacts).where(eq(contacts.id, contactId)).limit(1);
  if (c) await applyProfile(db, c, storableProfile(raw), opts);
}

async function applyProfile(
  db: Db,
  c: ContactRow,
  profile: ContactProfile | undefined,
  opts: { followName?: boolean } = {},
) {
  if (!profile) return;
  const patch: ContactProfile = {};
  if (profile.name && profile.name !== c.name && (!c.name || (opts.followName && !c.nameEditedAt)))
    patch.name = profile.name;
  if (!c.email && profile.email) patch.email = profile.email;
  if (!c.phone && profile.phone) patch.phone = profile.phone;
  if (!c.avatarUrl && profile.avatarUrl) patch.avatarUrl = profile.avatarUrl;
  if (Object.keys(patch).length)
    await db
      .update(contacts)
      .set({ ...patch, updatedAt: new Date() })
      .where(eq(contacts.id, c.id));
}
