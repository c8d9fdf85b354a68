import {
  contactDetailSchema,
  contactPage,
  contactSchema,
  idParams,
  listContactsQuery,
  mergeContactsBody,
  updateContactBody,
} from "@switchboard/contracts";
import { and, desc, eq, ilike, lt, or, type SQL } from "drizzle-orm";
import type { AppContext } from "../../platform/context";
import { notFound } from "../../platform/errors";
import { defineRoute } from "../../platform/http/route";
import { getContact } from "./contact-queries";
import { decodeCursor, encodeCursor } from "./cursor";
import { mergeContacts } from "./merge-contacts";
import { userActor } from "./system-events";
import { contacts } from "./schema";

export function contactRoutes(ctx: AppContext) {
  const tags = ["contacts"];
  return [
    defineRoute({
      method: "get",
      path: "/api/contacts",
      guard: "agent",
      summary: "List or search contacts (name, email, phone)",
      tags,
      query: listContactsQuery,
      response: contactPage,
      handler: async ({ query }) => {
        const where: SQL[] = [];
        if (query.q) {
          const like = `%${query.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
          where.push(or(ilike(contacts.name, like), ilike(contacts.email, like), ilike(contacts.phone, like))!);
        }
        const cursor = decodeCursor(query.cursor);
        if (cursor)
          where.push(
            or(lt(contacts.createdAt, cursor.at), and(eq(contacts.createdAt, cursor.at), lt(contacts.id, cursor.id)))!,
          );
        const rows = await ctx.db
          .select()
          .from(contacts)
          .where(and(...where))
          .orderBy(desc(contacts.createdAt), desc(contacts.id))
          .limit(query.limit + 1);
        const items = rows.slice(0, query.limit).map((c) => ({
          id: c.id,
          name: c.name,
          email: c.email,
          phone: c.phone,
          avatarUrl: c.avatarUrl,
          createdAt: c.createdAt.toISOString(),
        }));
        const last = rows[query.limit - 1];
        return { items, nextCursor: rows.length > query.limit && last ? encodeCursor(last.createdAt, last.id) : null };
      },
    }),
    defineRoute({
      method: "get",
      path: "/api/contacts/:id",
      guard: "agent",
      summary: "A contact with identities and past conversations",
      tags,
      params: idParams,
      response: contactDetailSchema,
      handler: async ({ params }) => (await getContact(ctx.db, params.id, true)) ?? Promise.reject(notFound("Contact")),
    }),
    defineRoute({
      method: "patch",
      path: "/api/contacts/:id",
      guard: "agent",
      summary: "Edit a contact's profile, notes and attributes",
      tags,
      params: idParams,
      body: updateContactBody,
      response: contactSchema,
      handler: async ({ params, body }) => {
        const [row] = await ctx.db
          .update(contacts)
          .set({
            ...body,
            // A name typed by an agent wins over the channel's profile name from now on; clearing it
            // hands the name back to the channel.
            ...(body.name === undefined ? {} : { nameEditedAt: body.name ? new Date() : null }),
            updatedAt: new Date(),
          })
          .where(eq(contacts.id, params.id))
          .returning({ id: contacts.id });
        if (!row) throw notFound("Contact");
        const c = (await getContact(ctx.db, params.id, false))!;
        const { conversations: _omit, ...contact } = c;
        ctx.bus.emit("contact.updated", { contact });
        return contact;
      },
    }),
    defineRoute({
      method: "post",
      path: "/api/contacts/:id/merge",
      guard: "agent",
      summary: "Merge another contact into this one (identities, conversations, notes move; the other is removed)",
      tags,
      params: idParams,
      body: mergeContactsBody,
      response: contactDetailSchema,
      handler: ({ params, body, user }) => mergeContacts(ctx, params.id, body.otherContactId, userActor(user)),
    }),
  ];
}
