import type { Conversation, LabelRef } from "@switchboard/contracts";
import { and, eq } from "drizzle-orm";
import type { AppContext } from "../../../platform/context";
import { AppError, notFound } from "../../../platform/errors";
import { getConversation } from "../queries";
import { contacts } from "../schema";
import { recordSystemEvent } from "../system-events";
import { contactLabelRefs, getLabelRef } from "./queries";
import { contactLabels, conversationLabels } from "./schema";

export interface Actor {
  id: string;
  name: string;
}

export async function requireLabel(ctx: Pick<AppContext, "db">, labelId: string): Promise<LabelRef> {
  const label = await getLabelRef(ctx.db, labelId);
  if (!label)
    throw new AppError("validation_failed", "No label with that id", {
      fieldErrors: { labelId: ["No label with that id"] },
      formErrors: [],
    });
  return label;
}

/**
 * Puts a label on a conversation (or takes it off). A no-op when nothing changes (adding twice
 * records one event); a change records a system event in the thread and tells every console.
 */
export async function setConversationLabel(
  ctx: AppContext,
  conversationId: string,
  label: LabelRef,
  on: boolean,
  actor: Actor,
): Promise<Conversation> {
  if (!(await getConversation(ctx.db, conversationId))) throw notFound("Conversation");
  const rows = on
    ? await ctx.db
        .insert(conversationLabels)
        .values({ conversationId, labelId: label.id })
        .onConflictDoNothing()
        .returning({ id: conversationLabels.labelId })
    : await ctx.db
        .delete(conversationLabels)
        .where(and(eq(conversationLabels.conversationId, conversationId), eq(conversationLabels.labelId, label.id)))
        .returning({ id: conversationLabels.labelId });
  const conversation = (await getConversation(ctx.db, conversationId))!;
  if (!rows.length) return conversation;
  // After the change (the event is its own row: a label on without its line is the lesser harm).
  await recordSystemEvent(
    ctx,
    conversationId,
    {
      type: on ? "label_added" : "label_removed",
      actor: { type: "user", id: actor.id, name: actor.name },
      label: { id: label.id, name: label.name, color: label.color },
    },
    on ? `${actor.name} added the label ${label.name}` : `${actor.name} removed the label ${label.name}`,
  );
  ctx.bus.emit("conversation.updated", { conversation });
  return conversation;
}

export async function setContactLabel(ctx: AppContext, contactId: string, label: LabelRef, on: boolean) {
  const [c] = await ctx.db.select({ id: contacts.id }).from(contacts).where(eq(contacts.id, contactId));
  if (!c) throw notFound("Contact");
  if (on) await ctx.db.insert(contactLabels).values({ contactId, labelId: label.id }).onConflictDoNothing();
  else
    await ctx.db
      .delete(contactLabels)
      .where(and(eq(contactLabels.contactId, contactId), eq(contactLabels.labelId, label.id)));
  return { labels: await contactLabelRefs(ctx.db, contactId) };
}
