import { eq, sql } from "drizzle-orm";
import type { AppContext } from "../../platform/context";
import { getContact } from "./contact-queries";
import { phoneOrNull } from "./phone";
import { contacts } from "./schema";

/**
 * Facts the AI learnt in the conversation (set_contact_field): `email` and `phone` fill the profile
 * only when it has none (an agent's or the channel's value is never overwritten by a model); `name`
 * likewise, and never over a name an agent typed; anything else is merged into `attributes`.
 */
export async function setContactFieldsFromAi(
  ctx: AppContext,
  contactId: string,
  fields: Record<string, string>,
): Promise<void> {
  await setContactFields(ctx, contactId, fields);
}

/**
 * What a phone call's flow collected (the calls feature, after flow.finished): the same policy as
 * the AI's facts; a number stays a number in `attributes` (typed custom fields compare it as one).
 */
export async function setContactFieldsFromCall(
  ctx: AppContext,
  contactId: string,
  fields: Record<string, string | number>,
): Promise<void> {
  await setContactFields(ctx, contactId, fields);
}

async function setContactFields(ctx: AppContext, contactId: string, fields: Record<string, string | number>) {
  const entries = Object.entries(fields).filter(
    ([k, v]) => k.trim() && (typeof v === "string" || (typeof v === "number" && Number.isFinite(v))),
  );
  if (!entries.length) return;
  const [c] = await ctx.db.select().from(contacts).where(eq(contacts.id, contactId)).limit(1);
  if (!c) return;
  const set: Partial<typeof contacts.$inferInsert> = {};
  const attributes: Record<string, string | number> = {};
  for (const [key, raw] of entries) {
    if (typeof raw === "number") {
      attributes[key.trim().slice(0, 100)] = raw;
      continue;
    }
    const value = raw.trim().slice(0, 500);
    if (key === "email") {
      if (!c.email && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) set.email = value.toLowerCase();
    } else if (key === "phone") {
      const phone = phoneOrNull(value, { defaultCountry: ctx.config.defaultCountry, strict: false });
      if (!c.phone && phone) set.phone = phone;
    } else if (key === "name") {
      if (!c.nameEditedAt && !c.name && value) set.name = value;
    } else attributes[key.trim().slice(0, 100)] = value;
  }
  if (!Object.keys(set).length && !Object.keys(attributes).length) return;
  await ctx.db
    .update(contacts)
    .set({
      ...set,
      ...(Object.keys(attributes).length
        ? { attributes: sql`${contacts.attributes} || ${JSON.stringify(attributes)}::jsonb` }
        : {}),
      updatedAt: new Date(),
    })
    .where(eq(contacts.id, contactId));
  const full = await getContact(ctx.db, contactId, false);
  if (!full) return;
  const { conversations: _omit, ...contact } = full;
  ctx.bus.emit("contact.updated", { contact });
}
