import { desc, eq } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { channels } from "../channels/schema";
import { contactLabelRefs } from "./labels/queries";
import { contactIdentities, contacts, conversations } from "./schema";

export async function getContact(db: Db, id: string, withConversations: boolean) {
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
        .where(eq(conversations.contactId, id))
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
