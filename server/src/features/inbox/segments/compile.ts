import type { SegmentCondition, SegmentDefinition } from "@switchboard/contracts";
import { and, asc, gt, inArray, or, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../../platform/db/client";
import { AppError } from "../../../platform/errors";
import { channels } from "../../channels/schema";
import { contactLabels } from "../labels/schema";
import { contactFields, contactIdentities, contacts, conversations } from "../schema";

/**
 * The campaigns feature answers engagement conditions ("read but not replied to campaign X") over
 * its own recipients table, which the inbox must not read: it implements this port and the
 * composition root passes it in. `contactId` is the outer contact's id column, to correlate on.
 * It answers the positive condition (reached `step`); the compiler applies `negate`.
 */
export interface CampaignEngagement {
  condition(c: Extract<SegmentCondition, { type: "campaign" }>, contactId: SQL): SQL;
}

// Qualified by hand: drizzle writes a bare "id" inside subqueries, ambiguous there. Relations are
// `id in (uncorrelated subquery)`, not correlated `exists`: PostgreSQL runs each subquery once and
// hashes it, also under OR ("any"), where a correlated exists would run once per contact
// (bench/segments.ts, 100k contacts, an "any" of three: 340 ms with exists, 83 ms like this).
const contactIdRef = sql.raw(`"contacts"."id"`);
const FIELD_TYPES = { text: ["text", "choice"], number: ["number"], date: ["date"], choice: ["choice"] } as const;
const isoDay = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A segment definition as one WHERE clause over contacts. Every value is a bound parameter and every
 * custom field key must be a known field of the matching type (else a 400), so nothing the client
 * sends becomes SQL text. Values that are not of the field's type (an agent typed "n/a" in a number)
 * simply do not match rather than failing the whole count.
 */
export async function compileSegment(
  db: Db,
  def: SegmentDefinition,
  engagement?: CampaignEngagement,
): Promise<SQL | undefined> {
  const keys = [...new Set(def.conditions.flatMap((c) => ("key" in c ? [c.key] : [])))];
  const known = keys.length ? await db.select().from(contactFields).where(inArray(contactFields.key, keys)) : [];
  const parts = def.conditions.map((c) => {
    if ("key" in c) {
      const field = known.find((f) => f.key === c.key);
      if (!field) throw new AppError("validation_failed", `Unknown custom field "${c.key}"`);
      if (!(FIELD_TYPES[c.type] as readonly string[]).includes(field.type))
        throw new AppError(
          "validation_failed",
          `"${c.key}" is a ${field.type} field: a ${c.type} condition cannot apply`,
        );
    }
    return conditionSql(c, engagement);
  });
  if (!parts.length) return undefined;
  return def.match === "any" ? or(...parts) : and(...parts);
}

function conditionSql(c: SegmentCondition, engagement?: CampaignEngagement): SQL {
  const attr = (key: string) => sql`(${contacts.attributes} ->> ${key}::text)`;
  const not = (negate: boolean, s: SQL) => (negate ? sql`not (${s})` : s);
  const since = (n: number) => sql`now() - make_interval(days => ${n}::int)`;
  switch (c.type) {
    case "tag":
      return not(
        c.negate,
        sql`${contactIdRef} in (select kl.contact_id from ${contactLabels} kl where kl.label_id = ${c.labelId}::uuid)`,
      );
    case "text": {
      if (c.op === "equals") return sql`lower(${attr(c.key)}) = lower(${c.value}::text)`;
      const like = `%${c.value.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
      return sql`${attr(c.key)} ilike ${like}::text`;
    }
    case "number": {
      const a = attr(c.key);
      const n = sql`(case when ${a} ~ '^-?[0-9]+(\\.[0-9]+)?$' then ${a}::numeric end)`;
      const op = { eq: sql`=`, lt: sql`<`, gt: sql`>` }[c.op];
      return sql`${n} ${op} ${c.value}::numeric`;
    }
    case "date": {
      // Dates are stored as YYYY-MM-DD (the import checks them): compared as text, so a malformed
      // value typed by hand never breaks the query with a cast error.
      const day = sql`(case when ${attr(c.key)} ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}' then left(${attr(c.key)}, 10) end)`;
      if (c.op === "within_days") {
        if (typeof c.value !== "number") throw new AppError("validation_failed", "within_days needs a number of days");
        return sql`${day} between to_char(current_date - ${c.value}::int, 'YYYY-MM-DD') and to_char(current_date, 'YYYY-MM-DD')`;
      }
      if (typeof c.value !== "string" || !isoDay.test(c.value))
        throw new AppError("validation_failed", `${c.op} needs a date (YYYY-MM-DD)`);
      return c.op === "before" ? sql`${day} < ${c.value}::text` : sql`${day} > ${c.value}::text`;
    }
    case "choice":
      return inArray(attr(c.key), c.values);
    case "consent":
      return sql`${contacts.consentStatus} = ${c.status}::text`;
    case "identity": {
      const on = c.channelId
        ? sql` and ci.channel_id = ${c.channelId}::uuid`
        : c.channelType
          ? sql` and exists (select 1 from ${channels} ch where ch.id = ci.channel_id and ch.type = ${c.channelType}::text)`
          : sql``;
      return not(c.negate, sql`${contactIdRef} in (select ci.contact_id from ${contactIdentities} ci where true${on})`);
    }
    case "created":
      return sql`${contacts.createdAt} > ${since(c.withinDays)}`;
    case "last_inbound": {
      const wrote = sql`${contactIdRef} in (select cv.contact_id from ${conversations} cv where cv.last_inbound_at > ${since(c.days)})`;
      return c.op === "within" ? wrote : sql`not (${wrote})`;
    }
    case "campaign":
      if (!engagement) throw new AppError("bad_request", "campaign conditions need the campaigns feature");
      return not(c.negate, engagement.condition(c, contactIdRef));
  }
}

/** The segment's contact ids in id order, a page after `afterId`: the campaign audience walks it. */
export async function segmentContactIds(
  db: Db,
  def: SegmentDefinition,
  page: { afterId?: string; limit: number },
  engagement?: CampaignEngagement,
): Promise<string[]> {
  const where = await compileSegment(db, def, engagement);
  const rows = await db
    .select({ id: contacts.id })
    .from(contacts)
    .where(and(where, page.afterId ? gt(contacts.id, page.afterId) : undefined))
    .orderBy(asc(contacts.id))
    .limit(page.limit);
  return rows.map((r) => r.id);
}

export async function countSegment(db: Db, def: SegmentDefinition, engagement?: CampaignEngagement): Promise<number> {
  const where = await compileSegment(db, def, engagement);
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(contacts).where(where);
  return Number(row?.n ?? 0);
}
