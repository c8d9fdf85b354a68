import type { ContactField, CreateContactFieldInput } from "@switchboard/contracts";
import { asc, eq } from "drizzle-orm";
import type { Db } from "../../../platform/db/client";
import { AppError, notFound } from "../../../platform/errors";
import { contactFields } from "../schema";

const toField = (r: typeof contactFields.$inferSelect): ContactField => ({
  key: r.key,
  label: r.label,
  type: r.type,
  options: r.options,
  createdAt: r.createdAt.toISOString(),
});

export async function listContactFields(db: Db): Promise<ContactField[]> {
  return (await db.select().from(contactFields).orderBy(asc(contactFields.label))).map(toField);
}

/** A new typed field; its key is how imports, segments and templates name it (fixed once made). */
export async function createContactField(db: Db, body: CreateContactFieldInput): Promise<ContactField> {
  const [row] = await db
    .insert(contactFields)
    .values({ key: body.key, label: body.label, type: body.type, options: body.type === "choice" ? body.options : [] })
    .onConflictDoNothing()
    .returning();
  if (!row)
    throw new AppError("conflict", `A field with the key "${body.key}" already exists`, {
      fieldErrors: { key: ["Already used"] },
      formErrors: [],
    });
  return toField(row);
}

/** Removes the definition only: values already stored in contacts' attributes stay (nothing is lost). */
export async function deleteContactField(db: Db, key: string): Promise<void> {
  const gone = await db.delete(contactFields).where(eq(contactFields.key, key)).returning({ key: contactFields.key });
  if (!gone.length) throw notFound("Contact field");
}
