import crypto from "node:crypto";
import { sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { storableProfile, upsertContactIdentity } from "./upsert-contact";

export interface ProviderIdentity {
  externalId: string;
  name: string | null;
  phone: string | null;
}

export type ResolvedIdentity = { identityId: string; contactId: string; created: boolean };

/**
 * upsertContactIdentity for many provider identities of one channel in one statement (the webhook
 * drain's round): finds the known ones, creates the new ones, and lets a changed provider profile
 * name replace ours unless an agent set it by hand (the same rule as upsertContactIdentity with
 * `providerProfile`). Given in arrival order, the same identity may come several times: its last
 * name wins and its first phone fills a blank, as applying them one by one would.
 *
 * The identity row is inserted before its contact within the statement (the foreign key is checked
 * at the statement's end), so an identity another writer created meanwhile leaves no orphan
 * contact behind: it is simply not returned, and resolved on the one-by-one path.
 */
export async function upsertContactIdentities(
  db: Db,
  channelId: string,
  list: ProviderIdentity[],
): Promise<Map<string, ResolvedIdentity>> {
  const byId = new Map<string, { ext: string; name: string | null; phone: string | null; contact_id: string }>();
  for (const p of list) {
    const clean = storableProfile({ name: p.name, phone: p.phone });
    const seen = byId.get(p.externalId);
    if (seen) {
      seen.name = clean.name ?? seen.name;
      seen.phone = seen.phone ?? clean.phone ?? null;
    } else
      byId.set(p.externalId, {
        ext: p.externalId,
        name: clean.name ?? null,
        phone: clean.phone ?? null,
        contact_id: crypto.randomUUID(),
      });
  }
  const out = new Map<string, ResolvedIdentity>();
  if (!byId.size) return out;
  const r = (await db.execute(sql`
    with input as (
      select * from json_to_recordset(${JSON.stringify([...byId.values()])}::json)
        as t(ext text, name text, phone text, contact_id uuid)
    ), existing as (
      select i.external_id, i.id as identity_id, c.id as contact_id, c.name, c.phone, c.name_edited_at
        from contact_identities i join contacts c on c.id = i.contact_id
       where i.channel_id = ${channelId} and i.external_id in (select ext from input)
    ), new_identities as (
      insert into contact_identities (contact_id, channel_id, external_id)
      select input.contact_id, ${channelId}, input.ext from input
       where not exists (select 1 from existing e where e.external_id = input.ext)
      on conflict do nothing
      returning id, contact_id, external_id
    ), new_contacts as (
      insert into contacts (id, name, phone)
      select n.contact_id, input.name, input.phone from new_identities n join input on input.ext = n.external_id
      returning id
    ), followed as (
      update contacts c
         set name = case when f.follow then f.new_name else c.name end,
             phone = coalesce(c.phone, f.new_phone), updated_at = now()
        from (
          select e.contact_id, input.name as new_name, input.phone as new_phone,
                 (input.name is not null and input.name is distinct from e.name
                   and (e.name is null or e.name_edited_at is null)) as follow,
                 (e.phone is null and input.phone is not null) as fill
            from existing e join input on input.ext = e.external_id
        ) f
       where c.id = f.contact_id and (f.follow or f.fill)
      returning c.id
    )
    select external_id, identity_id, contact_id, false as created from existing
    union all
    select external_id, id, contact_id, true from new_identities`)) as unknown as {
    rows: { external_id: string; identity_id: string; contact_id: string; created: boolean }[];
  };
  for (const row of r.rows)
    out.set(row.external_id, { identityId: row.identity_id, contactId: row.contact_id, created: row.created === true });
  // Created by another writer between our read and our insert: its race-safe path finds theirs.
  for (const p of byId.values())
    if (!out.has(p.ext)) {
      const who = await upsertContactIdentity(db, {
        channelId,
        externalId: p.ext,
        profile: { name: p.name, phone: p.phone },
        providerProfile: true,
      });
      out.set(p.ext, { identityId: who.identityId, contactId: who.contactId, created: who.created === true });
    }
  return out;
}
