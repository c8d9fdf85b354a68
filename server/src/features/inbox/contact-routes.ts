import {
  contactDetailSchema,
  contactFilterQuery,
  contactSchema,
  contactTablePage,
  contactTableQuery,
  createContactBody,
  deleteContactResult,
  idParams,
  mergeContactsBody,
  updateContactBody,
} from "@switchboard/contracts";
import { eq } from "drizzle-orm";
import type { AppContext } from "../../platform/context";
import { notFound } from "../../platform/errors";
import { defineRoute } from "../../platform/http/route";
import { requestActor } from "../audit";
import { getContact, listContactRows } from "./contact-queries";
import { agentPhone, createContact } from "./create-contact";
import { deleteContact } from "./delete-contact";
import { deleteConversation } from "./delete-conversation";
import { exportContactsCsv } from "./export-contacts";
import { mergeContacts } from "./merge-contacts";
import { userActor } from "./system-events";
import { contacts } from "./schema";
import { visibilityScope } from "../agents";

export function contactRoutes(ctx: AppContext) {
  const tags = ["contacts"];
  return [
    defineRoute({
      method: "get",
      path: "/api/contacts",
      guard: "agent",
      summary: "The contacts table: search (name, email, phone in any formatting), filters, sort, keyset pages",
      tags,
      query: contactTableQuery,
      response: contactTablePage,
      handler: ({ query }) => listContactRows(ctx.db, query, ctx.config.defaultCountry),
    }),
    defineRoute({
      method: "get",
      path: "/api/contacts/export",
      guard: "admin",
      summary: "The contacts table as CSV (same filters and sort as the list), streamed; audited as export.contacts",
      tags,
      query: contactFilterQuery,
      handler: ({ req, res, user, query }) => exportContactsCsv(ctx, requestActor(req, user), query, res),
    }),
    defineRoute({
      method: "post",
      path: "/api/contacts",
      guard: "agent",
      summary: "Add a contact by hand (phone normalised to E.164; a phone or email already in use is a 409)",
      tags,
      body: createContactBody,
      response: contactSchema,
      status: 201,
      handler: ({ body }) => createContact(ctx, body),
    }),
    defineRoute({
      method: "delete",
      path: "/api/contacts/:id",
      guard: "admin",
      summary: "Delete a contact with its conversations, messages and files (audited)",
      tags,
      params: idParams,
      response: deleteContactResult,
      handler: ({ req, user, params }) => deleteContact(ctx, requestActor(req, user), params.id),
    }),
    // Deleting a conversation lives with the other deletions of customer data (same audit and file clean-up).
    defineRoute({
      method: "delete",
      path: "/api/conversations/:id",
      guard: "admin",
      summary: "Delete a conversation with its messages, attachments and stored files (audited)",
      tags: ["conversations"],
      params: idParams,
      status: 204,
      handler: async ({ req, user, params }) => {
        if (!(await deleteConversation(ctx, requestActor(req, user), params.id))) throw notFound("Conversation");
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
      // The contact is shared (an address book, like Chatwoot's); its past conversations list shows
      // only those the caller may see.
      handler: async ({ params, user }) =>
        (await getContact(ctx.db, params.id, true, await visibilityScope(ctx.db, user))) ??
        Promise.reject(notFound("Contact")),
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
            ...(body.phone === undefined ? {} : { phone: agentPhone(body.phone, ctx.config.defaultCountry) }),
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
      handler: async ({ params, body, user }) => {
        const merged = await mergeContacts(ctx, params.id, body.otherContactId, userActor(user));
        const scope = await visibilityScope(ctx.db, user);
        return scope.kind === "all" ? merged : (await getContact(ctx.db, params.id, true, scope))!;
      },
    }),
  ];
}
