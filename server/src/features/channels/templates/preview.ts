import { type RenderedTemplate, renderWithMapping, type VariableMapping } from "@switchboard/contracts";
import type { AppContext } from "../../../platform/context";
import { notFound } from "../../../platform/errors";
import { getContact } from "../../inbox";
import { templateRow } from "./list";
import { contentFromComponents } from "./wire";

/** The template as this contact would receive it, and which variables fell back (contracts' renderWithMapping). */
export async function previewTemplate(
  ctx: AppContext,
  id: string,
  contactId: string,
  mapping: VariableMapping,
): Promise<RenderedTemplate> {
  const row = await templateRow(ctx.db, id);
  const contact = await getContact(ctx.db, contactId, false);
  if (!contact) throw notFound("Contact");
  return renderWithMapping(
    contentFromComponents(row.components),
    { name: contact.name, phone: contact.phone, email: contact.email, attributes: contact.attributes ?? {} },
    mapping,
  );
}
