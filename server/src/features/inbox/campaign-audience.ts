import type { MappingContact } from "@switchboard/contracts";
import { inArray, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { contacts } from "./schema";

/**
 * A campaign's audience as one SELECT the campaigns feature materialises with INSERT ... SELECT
 * (100,000 recipients in one statement, no rows through the process). Columns: contact_id, phone
 * (digits only, as WhatsApp's `to`), time_zone (IANA, may be null), skip (why the contact gets nothing: opted_out, no_phone; null:
 * send). The contacts tables are the inbox's, so the query is written here.
 */
export function campaignAudienceSql(a: { labelIds: string[]; contactIds: string[] }): SQL {
  // One text parameter per list: 100,000 ids as separate parameters would pass PostgreSQL's limit.
  const ids = sql`string_to_array(${a.contactIds.join(",")}, ',')::uuid[]`;
  const labels = sql`string_to_array(${a.labelIds.join(",")}, ',')::uuid[]`;
  return sql`
    select c.id as contact_id,
      nullif(regexp_replace(coalesce(c.phone, ''), '[^0-9]', '', 'g'), '') as phone,
      c.time_zone,
      case
        when c.consent_status = 'opted_out' then 'opted_out'
        when c.phone is null or c.phone !~ '^\\+[1-9][0-9]{6,14}$' then 'no_phone'
      end as skip
    from contacts c
    where c.id = any(${ids})
      or exists (select 1 from contact_labels cl where cl.contact_id = c.id and cl.label_id = any(${labels}))`;
}

/** What a campaign's variable mapping reads of each contact in a batch (contacts/queries are the inbox's). */
export async function campaignContacts(db: Db, ids: string[]): Promise<Map<string, MappingContact>> {
  const out = new Map<string, MappingContact>();
  if (!ids.length) return out;
  const rows = await db
    .select({
      id: contacts.id,
      name: contacts.name,
      phone: contacts.phone,
      email: contacts.email,
      attributes: contacts.attributes,
    })
    .from(contacts)
    .where(inArray(contacts.id, ids));
  for (const r of rows) out.set(r.id, { name: r.name, phone: r.phone, email: r.email, attributes: r.attributes });
  return out;
}
