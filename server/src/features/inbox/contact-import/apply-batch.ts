import crypto from "node:crypto";
import { sql } from "drizzle-orm";
import type { Db } from "../../../platform/db/client";
import { guessTimeZone } from "../consent/time-zone";
import type { ContactDraft } from "./row-values";

type Rows<T> = { rows: T[] };
const json = (v: unknown) => JSON.stringify(v);
/** New labels made by an import get the neutral chip colour; an admin recolours them. */
const LABEL_COLOR = "#64748b";

/**
 * Writes one batch of drafts (one per phone number: rows for the same number were merged before)
 * in a handful of statements, inside the caller's transaction. A number that matches a contact
 * updates it (the oldest, when old data has twins), never creates a second one. Import values
 * fill and replace profile fields; tags add labels; consent from the file is applied, except that
 * an import never re-subscribes someone who opted out (only the customer can, by keyword).
 */
export async function applyBatch(
  tx: Db,
  drafts: ContactDraft[],
  opts: { importId: string; importTags: string[]; reason: string },
): Promise<{ createdPhones: Set<string> }> {
  const phones = drafts.map((d) => d.phone);
  const existing = (await tx.execute(sql`
    select distinct on (phone) id, phone, consent_status
      from contacts
     where phone in (select value from json_array_elements_text(${json(phones)}::json))
     order by phone, created_at, id`)) as unknown as Rows<{ id: string; phone: string; consent_status: string }>;
  const found = new Map(existing.rows.map((r) => [r.phone, r]));
  const now = new Date().toISOString();
  const inserts: Record<string, unknown>[] = [];
  const updates: Record<string, unknown>[] = [];
  const consentEvents: Record<string, unknown>[] = [];
  const idOf = new Map<string, string>();
  for (const d of drafts) {
    const had = found.get(d.phone);
    const id = had?.id ?? crypto.randomUUID();
    idOf.set(d.phone, id);
    const previous = had?.consent_status ?? "unknown";
    const consent =
      d.consent && d.consent !== previous && !(previous === "opted_out" && d.consent === "opted_in") ? d.consent : null;
    const consentAt = consent ? (d.consentAt ?? now) : null;
    if (consent) consentEvents.push({ contact_id: id, status: consent, previous, at: consentAt });
    const row = {
      id,
      name: d.name,
      email: d.email,
      phone: d.phone,
      attributes: d.attributes,
      time_zone: d.timeZone,
      guess: guessTimeZone(d.phone),
      consent_status: consent,
      consent_at: consentAt,
    };
    (had ? updates : inserts).push(row);
  }
  if (inserts.length)
    await tx.execute(sql`
      insert into contacts (id, name, name_edited_at, email, phone, attributes, time_zone,
                            consent_status, consent_source, consent_at)
      select d.id, d.name, case when d.name is not null then now() end, d.email, d.phone,
             coalesce(d.attributes, '{}'::jsonb), coalesce(d.time_zone, d.guess),
             coalesce(d.consent_status, 'unknown'), case when d.consent_status is not null then 'import' end, d.consent_at
        from json_to_recordset(${json(inserts)}::json)
          as d(id uuid, name text, email text, phone text, attributes jsonb, time_zone text, guess text,
               consent_status text, consent_at timestamptz)`);
  if (updates.length)
    await tx.execute(sql`
      update contacts c
         set name = coalesce(d.name, c.name),
             -- A name from the user's own file is as deliberate as one typed: channels no longer replace it.
             name_edited_at = case when d.name is not null then now() else c.name_edited_at end,
             email = coalesce(d.email, c.email),
             attributes = c.attributes || coalesce(d.attributes, '{}'::jsonb),
             time_zone = coalesce(d.time_zone, c.time_zone, d.guess),
             consent_status = coalesce(d.consent_status, c.consent_status),
             consent_source = case when d.consent_status is not null then 'import' else c.consent_source end,
             consent_at = case when d.consent_status is not null then d.consent_at else c.consent_at end,
             updated_at = now()
        from json_to_recordset(${json(updates)}::json)
          as d(id uuid, name text, email text, attributes jsonb, time_zone text, guess text,
               consent_status text, consent_at timestamptz)
       where c.id = d.id`);
  if (consentEvents.length)
    await tx.execute(sql`
      insert into contact_consent_events (contact_id, status, previous, source, reason, at)
      select d.contact_id, d.status, d.previous, 'import', ${opts.reason}, d.at
        from json_to_recordset(${json(consentEvents)}::json)
          as d(contact_id uuid, status text, previous text, at timestamptz)`);
  await applyTags(tx, drafts, idOf, opts.importTags);
  // Who this import touched, for audiences: one statement, ids as one JSON parameter.
  await tx.execute(sql`
    insert into contact_import_contacts (import_id, contact_id)
    select ${opts.importId}::uuid, value::uuid from json_array_elements_text(${json([...idOf.values()])}::json)
    on conflict do nothing`);
  return { createdPhones: new Set(inserts.map((r) => r.phone as string)) };
}

/** Labels by name, whatever their case (created when missing), attached to the batch's contacts. */
async function applyTags(tx: Db, drafts: ContactDraft[], idOf: Map<string, string>, importTags: string[]) {
  const pairs: { contact_id: string; tag: string }[] = [];
  for (const d of drafts)
    for (const tag of new Set([...d.tags, ...importTags].map((t) => t.toLowerCase())))
      pairs.push({ contact_id: idOf.get(d.phone)!, tag });
  if (!pairs.length) return;
  const names = new Map<string, string>();
  for (const t of [...importTags, ...drafts.flatMap((d) => d.tags)])
    if (!names.has(t.toLowerCase())) names.set(t.toLowerCase(), t);
  await tx.execute(sql`
    insert into labels (name, color)
    select value, ${LABEL_COLOR} from json_array_elements_text(${json([...names.values()])}::json)
    on conflict do nothing`);
  await tx.execute(sql`
    insert into contact_labels (contact_id, label_id)
    select p.contact_id, l.id
      from json_to_recordset(${json(pairs)}::json) as p(contact_id uuid, tag text)
      join labels l on lower(l.name) = p.tag
    on conflict do nothing`);
}
