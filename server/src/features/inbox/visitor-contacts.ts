import { sql } from "drizzle-orm";
import type { VisitorIdentity } from "../../platform/auth/visitor-token";
import type { Db } from "../../platform/db/client";
import { contactIdentities, contacts } from "./schema";
import { type ContactProfile, fillContactProfile } from "./upsert-contact";

/**
 * Website visitors get a contact only when they write (or submit the pre-chat form), not on every
 * page view. Until then their token carries ids chosen in advance (`pending`), so reading (empty)
 * and the socket work, and the first message creates the contact under exactly those ids: events
 * addressed to the contact reach the socket that was opened before it existed. Idempotent and
 * race-safe (two tabs writing their first message at once): both inserts ignore conflicts.
 */
/** Returns true when this call created the contact (for contact.created, announced by the caller after commit). */
export async function ensureVisitorContact(db: Db, v: VisitorIdentity, profile?: ContactProfile): Promise<boolean> {
  return db.transaction(async (tx) => {
    const created = await tx
      .insert(contacts)
      .values({ id: v.contactId, name: profile?.name ?? null, email: profile?.email ?? null })
      .onConflictDoNothing()
      .returning({ id: contacts.id });
    await tx
      .insert(contactIdentities)
      .values({
        id: v.identityId,
        contactId: v.contactId,
        channelId: v.channelId,
        externalId: `visitor:${v.identityId}`,
      })
      .onConflictDoNothing();
    await fillContactProfile(tx, v.contactId, profile);
    return created.length > 0;
  });
}

/**
 * Removes contacts nobody will miss: older than `olderThanHours`, never in a conversation, no name,
 * email, phone, notes or attributes, and known only as anonymous website visitors. Contacts created
 * by the old eager sessions are the main harvest. A merged contact is kept: merging moves
 * conversations (and usually a named identity) onto it, and any provider identity (WhatsApp, …)
 * or verified website user (`user:…`) keeps a contact too.
 */
export async function purgeEmptyVisitorContacts(db: Db, olderThanHours = 24): Promise<number> {
  const r = await db.execute(sql`
    delete from contacts c
    where c.created_at < now() - make_interval(hours => ${olderThanHours})
      and c.name is null and c.email is null and c.phone is null
      and c.notes = '' and c.attributes = '{}'::jsonb
      and not exists (select 1 from conversations v where v.contact_id = c.id)
      and not exists (
        select 1 from contact_identities i join channels ch on ch.id = i.channel_id
        where i.contact_id = c.id and (ch.type <> 'webchat' or i.external_id not like 'visitor:%')
      )
    returning c.id`);
  return ((r as unknown as { rows?: unknown[] }).rows ?? (r as unknown as unknown[])).length;
}
