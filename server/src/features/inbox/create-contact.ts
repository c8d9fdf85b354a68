import type { CreateContactInput } from "@switchboard/contracts";
import { eq, or, type SQL } from "drizzle-orm";
import type { AppContext } from "../../platform/context";
import { AppError } from "../../platform/errors";
import { getContact } from "./contact-queries";
import { normalizePhone } from "./phone";
import { contacts } from "./schema";

/**
 * An agent's phone entry, in E.164, or a 400 naming the reason ("Add the country code…", "Not a
 * valid phone number…"): what an agent types is refused rather than stored in a form no search
 * or channel can use. null/undefined pass through (clearing, not editing).
 */
export function agentPhone(phone: string | null | undefined, defaultCountry: string | null) {
  if (!phone) return phone === "" ? null : phone;
  const r = normalizePhone(phone, { defaultCountry });
  if (r.ok) return r.e164;
  throw new AppError("validation_failed", `Phone number: ${r.reason}`, {
    fieldErrors: { phone: [r.reason] },
    formErrors: [],
  });
}

/**
 * A contact an agent adds by hand (no channel identity yet). A phone or email another contact
 * already has is refused with 409 and that contact's id, so the agent opens the person instead of
 * making a twin (merging stays possible for twins made by channels).
 */
export async function createContact(ctx: AppContext, body: CreateContactInput) {
  const phone = agentPhone(body.phone, ctx.config.defaultCountry);
  const email = body.email?.trim().toLowerCase() || null;
  const same: SQL[] = [];
  if (phone) same.push(eq(contacts.phone, phone));
  if (email) same.push(eq(contacts.email, email));
  if (same.length) {
    const [twin] = await ctx.db
      .select({ id: contacts.id, phone: contacts.phone })
      .from(contacts)
      .where(or(...same))
      .limit(1);
    if (twin) {
      const field = phone && twin.phone === phone ? "phone" : "email";
      throw new AppError(
        "conflict",
        `A contact with this ${field === "phone" ? "phone number" : "email"} already exists`,
        {
          fieldErrors: { [field]: ["Already used by another contact"] },
          formErrors: [],
          contactId: twin.id,
        },
      );
    }
  }
  const name = body.name?.trim() || null;
  const [row] = await ctx.db
    .insert(contacts)
    .values({ name, email, phone, notes: body.notes ?? "", nameEditedAt: name ? new Date() : null })
    .returning({ id: contacts.id });
  const { conversations: _omit, ...contact } = (await getContact(ctx.db, row!.id, false))!;
  ctx.bus.emit("contact.created", { contact });
  return contact;
}
