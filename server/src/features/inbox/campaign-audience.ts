import { type MappingContact, segmentDefinitionSchema } from "@switchboard/contracts";
import { and, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { AppError } from "../../platform/errors";
import { contactImports, contacts, segments } from "./schema";
import { type CampaignEngagement, compileSegment } from "./segments/compile";

type Audience = { labelIds: string[]; contactIds: string[]; segmentIds?: string[]; importIds?: string[] };

/**
 * A campaign's audience as one SELECT the campaigns feature materialises with INSERT ... SELECT
 * (100,000 recipients in one statement, no rows through the process). Columns: contact_id, phone
 * (digits only, as WhatsApp's `to`), time_zone (IANA, may be null), skip (why the contact gets nothing: opted_out, no_phone; null:
 * send). The contacts tables are the inbox's, so the query is written here.
 *
 * The audience is the union of tags, ids, segments (compiled now: their contacts at this moment)
 * and imports (the contacts each import created or merged into). It is a filter over contacts, so
 * a contact in several lists is one row. A segment or import that no longer exists is a 400, not
 * a silently smaller campaign; `engagement` answers segments' campaign conditions.
 */
export async function campaignAudienceSql(db: Db, a: Audience, engagement?: CampaignEngagement): Promise<SQL> {
  const segmentIds = a.segmentIds ?? [];
  const importIds = a.importIds ?? [];
  // One text parameter per list: 100,000 ids as separate parameters would pass PostgreSQL's limit.
  const list = (v: string[]) => sql`string_to_array(${v.join(",")}, ',')::uuid[]`;
  const parts: SQL[] = [
    sql`c.id = any(${list(a.contactIds)})`,
    sql`exists (select 1 from contact_labels cl where cl.contact_id = c.id and cl.label_id = any(${list(a.labelIds)}))`,
  ];
  if (segmentIds.length) {
    const rows = await db.select().from(segments).where(inArray(segments.id, segmentIds));
    const missing = segmentIds.filter((id) => !rows.some((r) => r.id === id));
    if (missing.length) throw new AppError("validation_failed", "A chosen segment no longer exists", { missing });
    for (const r of rows) {
      const where = await compileSegment(db, segmentDefinitionSchema.parse(r.definition), engagement);
      // Uncorrelated, over an unaliased contacts: the compiled clause names "contacts" columns.
      parts.push(sql`c.id in (select ${contacts.id} from ${contacts} where ${where ?? sql`true`})`);
    }
  }
  if (importIds.length) {
    const found = await db
      .select({ id: contactImports.id })
      .from(contactImports)
      .where(inArray(contactImports.id, importIds));
    const missing = importIds.filter((id) => !found.some((r) => r.id === id));
    if (missing.length) throw new AppError("validation_failed", "A chosen import no longer exists", { missing });
    parts.push(
      sql`c.id in (select ic.contact_id from contact_import_contacts ic where ic.import_id = any(${list(importIds)}))`,
    );
  }
  return sql`
    select c.id as contact_id,
      nullif(regexp_replace(coalesce(c.phone, ''), '[^0-9]', '', 'g'), '') as phone,
      c.time_zone,
      case
        when c.consent_status = 'opted_out' then 'opted_out'
        when c.phone is null or c.phone !~ '^\\+[1-9][0-9]{6,14}$' then 'no_phone'
      end as skip
    from contacts c
    where ${sql.join(parts, sql` or `)}`;
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

/** Of these contacts, those opted out of marketing now (a campaign's follow-up is not sent to them). */
export async function optedOutContacts(db: Db, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await db
    .select({ id: contacts.id })
    .from(contacts)
    .where(and(inArray(contacts.id, ids), eq(contacts.consentStatus, "opted_out")));
  return new Set(rows.map((r) => r.id));
}
