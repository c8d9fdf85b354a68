import type { AppContext } from "../../platform/context";
import { getContact, getContacts } from "./contact-queries";

/**
 * contact.created / contact.updated on the bus, after the change committed (outgoing webhooks and
 * later listeners). Callers pass what they know happened; the contact is read once, in public shape.
 */
export async function announceContact(ctx: AppContext, contactId: string, what: "created" | "updated") {
  const found = await getContact(ctx.db, contactId, false);
  if (!found) return;
  const { conversations: _omit, ...contact } = found;
  ctx.bus.emit(what === "created" ? "contact.created" : "contact.updated", { contact });
}

/** contact.created for many people at once (a drain round's new customers): one read for all. */
export async function announceContactsCreated(ctx: AppContext, contactIds: string[]) {
  for (const contact of await getContacts(ctx.db, contactIds)) ctx.bus.emit("contact.created", { contact });
}
