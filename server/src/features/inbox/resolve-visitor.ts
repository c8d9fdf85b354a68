import { and, eq } from "drizzle-orm";
import type { VisitorIdentity } from "../../platform/auth/visitor-token";
import type { Db } from "../../platform/db/client";
import { contactIdentities } from "./schema";

/**
 * A visitor token names a channel identity; the contact behind it is looked up each time, so a
 * token keeps working after agents merge contacts, and stops when the identity is gone (unless the
 * token was issued before the identity existed: `pending`, see inbox/visitor-contacts.ts).
 */
export async function resolveVisitor(db: Db, v: VisitorIdentity | null): Promise<VisitorIdentity | null> {
  if (!v) return null;
  const [row] = await db
    .select({ contactId: contactIdentities.contactId })
    .from(contactIdentities)
    .where(and(eq(contactIdentities.id, v.identityId), eq(contactIdentities.channelId, v.channelId)))
    .limit(1);
  if (row) return { channelId: v.channelId, identityId: v.identityId, contactId: row.contactId };
  // Issued before the visitor wrote: valid, with nothing to show yet (the contact does not exist).
  return v.pending ? v : null;
}
