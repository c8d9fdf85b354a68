import type { ChannelType, ContactFilter, ContactSort, LabelRef } from "@switchboard/contracts";
import { and, desc, eq, ilike, inArray, isNotNull, isNull, like as like_, or, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { AppError } from "../../platform/errors";
import { channels } from "../channels/schema";
import { contactLabelRefs } from "./labels/queries";
import { contactLabels, labels } from "./labels/schema";
import { phoneSearchDigits } from "./phone";
import { contactIdentities, contacts, conversations } from "./schema";
import { scopeWhere, type VisibilityScope } from "./visibility";

/** `scope`: the caller's visibility; the past conversations list shows only those they may see. */
export async function getContact(db: Db, id: string, withConversations: boolean, scope?: VisibilityScope) {
  const [c] = await db.select().from(contacts).where(eq(contacts.id, id)).limit(1);
  if (!c) return null;
  const identities = await db
    .select({
      id: contactIdentities.id,
      channelId: contactIdentities.channelId,
      channelType: channels.type,
      externalId: contactIdentities.externalId,
    })
    .from(contactIdentities)
    .innerJoin(channels, eq(channels.id, contactIdentities.channelId))
    .where(eq(contactIdentities.contactId, id));
  const convs = withConversations
    ? await db
        .select({
          id: conversations.id,
          status: conversations.status,
          channelType: channels.type,
          lastMessageAt: conversations.lastMessageAt,
          lastMessagePreview: conversations.lastMessagePreview,
        })
        .from(conversations)
        .innerJoin(channels, eq(channels.id, conversations.channelId))
        .where(and(eq(conversations.contactId, id), scope ? scopeWhere(scope) : undefined))
        .orderBy(desc(conversations.lastMessageAt))
        .limit(50)
    : [];
  return {
    id: c.id,
    name: c.name,
    email: c.email,
    phone: c.phone,
    avatarUrl: c.avatarUrl,
    notes: c.notes,
    attributes: c.attributes,
    identities,
    labels: await contactLabelRefs(db, id),
    createdAt: c.createdAt.toISOString(),
    conversations: convs.map((v) => ({ ...v, lastMessageAt: v.lastMessageAt.toISOString() })),
  };
}

/** Several contacts in public shape, in three statements whatever their number (the webhook drain announces a round's new people). */
export async function getContacts(db: Db, ids: string[]) {
  if (!ids.length) return [];
  const rows = await db.select().from(contacts).where(inArray(contacts.id, ids));
  const identities = await db
    .select({
      contactId: contactIdentities.contactId,
      id: contactIdentities.id,
      channelId: contactIdentities.channelId,
      channelType: channels.type,
      externalId: contactIdentities.externalId,
    })
    .from(contactIdentities)
    .innerJoin(channels, eq(channels.id, contactIdentities.channelId))
    .where(inArray(contactIdentities.contactId, ids));
  const tags = await db
    .select({ contactId: contactLabels.contactId, id: labels.id, name: labels.name, color: labels.color })
    .from(contactLabels)
    .innerJoin(labels, eq(labels.id, contactLabels.labelId))
    .where(inArray(contactLabels.contactId, ids));
  return rows.map((c) => ({
    id: c.id,
    name: c.name,
    email: c.email,
    phone: c.phone,
    avatarUrl: c.avatarUrl,
    notes: c.notes,
    attributes: c.attributes,
    identities: identities.filter((i) => i.contactId === c.id).map(({ contactId: _c, ...i }) => i),
    labels: tags.filter((t) => t.contactId === c.id).map(({ contactId: _c, ...l }) => l),
    createdAt: c.createdAt.toISOString(),
  }));
}

/**
 * The contacts table: filters, a sort column and keyset pages. Each sort has a key expression and
 * the contact id as tie-breaker; contacts with no value for the key (no name, never wrote) come
 * last in either direction. Name and creation date are indexed (contacts_sort_name_idx,
 * contacts_created_idx); last seen and conversation count are computed per contact through
 * conversations_contact_idx (see ARCHITECTURE.md for the measured cost at 100k contacts).
 */
// Qualified by hand: drizzle writes a bare "id" inside a select list, ambiguous in the subqueries below.
const contactIdRef = sql.raw(`"contacts"."id"`);
const nameKey = sql`lower(coalesce(${contacts.name}, ${contacts.email}, ${contacts.phone}))`;
/** Per contact: last customer message and conversation count, for a page's rows (indexed lookups). */
const lastSeenOf = sql`(select max(cv.last_inbound_at) from ${conversations} cv where cv.contact_id = ${contactIdRef})`;
const countOf = sql`(select count(*)::int from ${conversations} cv where cv.contact_id = ${contactIdRef})`;

type Cursor = { v: string | number | null; id: string };

export function encodeContactCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString("base64url");
}

function decodeContactCursor(raw: string | undefined, sort: ContactSort): Cursor | null {
  if (!raw) return null;
  try {
    const c = JSON.parse(Buffer.from(raw, "base64url").toString("utf8")) as Cursor;
    const okValue =
      c.v === null || (sort === "conversations" ? Number.isInteger(c.v) : typeof c.v === "string" && c.v.length <= 400);
    if (okValue && typeof c.id === "string" && /^[0-9a-f-]{36}$/i.test(c.id)) return c;
  } catch {}
  throw new AppError("bad_request", "Invalid cursor");
}

export function contactFilterWhere(f: ContactFilter, defaultCountry: string | null): SQL[] {
  const where: SQL[] = [];
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    // Phones are stored in E.164, so a term that looks like a number matches by its digits
    // whatever the formatting the agent typed ("+1 (415) 555-0100", "4155550100").
    const digits = phoneSearchDigits(f.q, defaultCountry).map((d) => like_(contacts.phone, `%${d}%`));
    where.push(or(ilike(contacts.name, like), ilike(contacts.email, like), ilike(contacts.phone, like), ...digits)!);
  }
  if (f.hasPhone !== undefined) where.push(f.hasPhone ? isNotNull(contacts.phone) : isNull(contacts.phone));
  if (f.hasEmail !== undefined) where.push(f.hasEmail ? isNotNull(contacts.email) : isNull(contacts.email));
  if (f.channel)
    where.push(sql`exists (select 1 from ${contactIdentities} ci join ${channels} ch on ch.id = ci.channel_id
      where ci.contact_id = ${contactIdRef} and ch.type = ${f.channel})`);
  if (f.label)
    where.push(
      sql`exists (select 1 from ${contactLabels} kl where kl.contact_id = ${contactIdRef} and kl.label_id = ${f.label})`,
    );
  return where;
}

export async function listContactRows(
  db: Db,
  q: ContactFilter & { cursor?: string; limit: number },
  defaultCountry: string | null,
) {
  const desc_ = q.dir === "desc";
  // Sorting by last seen or conversation count needs the figure for every contact: one aggregate
  // of conversations joined once (a hash aggregate), not a subquery per contact and comparison.
  const agg = db
    .select({
      contactId: conversations.contactId,
      lastSeen: sql<Date | null>`max(${conversations.lastInboundAt})`.as("agg_last_seen"),
      n: sql<number>`count(*)::int`.as("agg_n"),
    })
    .from(conversations)
    .groupBy(conversations.contactId)
    .as("agg");
  const key: SQL = {
    name: nameKey,
    createdAt: sql`${contacts.createdAt}`,
    lastSeen: sql`${agg.lastSeen}`,
    conversations: sql`coalesce(${agg.n}, 0)`,
  }[q.sort];
  const nullable = q.sort === "name" || q.sort === "lastSeen";
  const where = contactFilterWhere(q, defaultCountry);
  const cursor = decodeContactCursor(q.cursor, q.sort);
  if (cursor) {
    // Row comparisons, so PostgreSQL walks (key, id) indexes from the cursor on.
    const cmp = desc_ ? sql`<` : sql`>`;
    if (cursor.v === null) where.push(sql`(${key}) is null and ${contacts.id} ${cmp} ${cursor.id}`);
    else {
      const v = q.sort === "createdAt" || q.sort === "lastSeen" ? sql`${cursor.v}::timestamptz` : sql`${cursor.v}`;
      const after = sql`(${key}, ${contacts.id}) ${cmp} (${v}, ${cursor.id})`;
      where.push(nullable ? sql`(${after} or (${key}) is null)` : after);
    }
  }
  // Contacts without a value come last; created_at is never null, so its order is the index's own.
  const order =
    q.sort === "createdAt"
      ? desc_
        ? sql`desc nulls first`
        : sql`asc nulls last`
      : desc_
        ? sql`desc nulls last`
        : sql`asc nulls last`;
  const dir = desc_ ? sql`desc` : sql`asc`;
  const select = {
    c: contacts,
    key: sql<string | number | Date | null>`${key}`.as("sort_key"),
    lastSeenAt: lastSeenOf.mapWith((v) => (v ? new Date(v) : null)),
    conversationsCount: countOf.mapWith(Number),
    channelTypes: sql<string[] | null>`(select array_agg(distinct ch.type order by ch.type) from ${contactIdentities} ci
        join ${channels} ch on ch.id = ci.channel_id where ci.contact_id = ${contactIdRef})`,
    // A page is at most 100 rows: one small lookup each, by the (contact, label) primary key.
    labels: sql<LabelRef[] | null>`(select json_agg(json_build_object('id', l.id, 'name', l.name, 'color', l.color)
        order by lower(l.name)) from ${contactLabels} kl join ${labels} l on l.id = kl.label_id
        where kl.contact_id = ${contactIdRef})`,
  };
  const base = db.select(select).from(contacts).$dynamic();
  const joined =
    q.sort === "lastSeen" || q.sort === "conversations" ? base.leftJoin(agg, eq(agg.contactId, contacts.id)) : base;
  const rows = await joined
    .where(and(...where))
    .orderBy(sql`${key} ${order}`, sql`${contacts.id} ${dir}`)
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  const nextCursor =
    rows.length > q.limit && last ? encodeContactCursor({ v: cursorValue(last.key), id: last.c.id }) : null;
  return {
    items: page.map((r) => ({
      id: r.c.id,
      name: r.c.name,
      email: r.c.email,
      phone: r.c.phone,
      avatarUrl: r.c.avatarUrl,
      createdAt: r.c.createdAt.toISOString(),
      channelTypes: (r.channelTypes ?? []) as ChannelType[],
      lastSeenAt: r.lastSeenAt ? r.lastSeenAt.toISOString() : null,
      conversationsCount: r.conversationsCount,
      labels: r.labels ?? [],
    })),
    nextCursor,
  };
}

function cursorValue(v: string | number | Date | null): string | number | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString();
  return v;
}

/** Some contacts in summary shape (a ticket's requester): one statement. */
export async function contactSummaries(
  db: Db,
  ids: string[],
): Promise<
  Map<string, { id: string; name: string | null; email: string | null; phone: string | null; avatarUrl: string | null }>
> {
  if (!ids.length) return new Map();
  const rows = await db
    .select({
      id: contacts.id,
      name: contacts.name,
      email: contacts.email,
      phone: contacts.phone,
      avatarUrl: contacts.avatarUrl,
    })
    .from(contacts)
    .where(inArray(contacts.id, [...new Set(ids)]));
  return new Map(rows.map((r) => [r.id, r]));
}

/** The contact with this E.164 number (the caller of an inbound phone call), the oldest if several; null when none. */
export async function contactIdByPhone(db: Db, e164: string): Promise<string | null> {
  const [row] = await db
    .select({ id: contacts.id })
    .from(contacts)
    .where(eq(contacts.phone, e164))
    .orderBy(contacts.createdAt, contacts.id)
    .limit(1);
  return row?.id ?? null;
}
