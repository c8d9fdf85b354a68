import { z } from "zod";
import { isoDate, text } from "./common";

/**
 * Contacts at campaign scale: CSV imports (a job with progress and an error report), typed custom
 * fields, and consent (opt-in status, its history, the opt-out/opt-in keywords).
 */

export const MAX_IMPORT_ROWS = 100_000;
export const MAX_IMPORT_MB = 50;

// ---- custom fields ----------------------------------------------------------------------------

export const contactFieldTypes = ["text", "number", "date", "choice"] as const;
export const contactFieldTypeSchema = z.enum(contactFieldTypes);
export type ContactFieldType = z.infer<typeof contactFieldTypeSchema>;

/** Keys become attribute names (contacts.attributes) and template variables: short, lowercase, no spaces. */
export const contactFieldKey = text()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, "Lowercase letters, digits and _ (starting with a letter, 40 at most)")
  .refine((k) => !["name", "email", "phone", "tags", "notes"].includes(k), "Reserved for the contact's own fields");

export const contactFieldSchema = z.object({
  key: text(),
  label: text(),
  type: contactFieldTypeSchema,
  options: z.array(text()).describe("The allowed values of a choice field (empty for other types)"),
  createdAt: isoDate,
});
export type ContactField = z.infer<typeof contactFieldSchema>;

export const createContactFieldBody = z
  .object({
    key: contactFieldKey,
    label: text().trim().min(1).max(80),
    type: contactFieldTypeSchema,
    options: z.array(text().trim().min(1).max(80)).max(100).default([]),
  })
  .refine((v) => v.type !== "choice" || v.options.length > 0, {
    message: "A choice field needs at least one option",
    path: ["options"],
  });
export type CreateContactFieldInput = z.infer<typeof createContactFieldBody>;
export const contactFieldKeyParams = z.object({ key: text().max(40) });

// ---- imports ----------------------------------------------------------------------------------

export const contactImportStatuses = ["uploaded", "queued", "running", "done", "cancelled", "failed"] as const;
export const contactImportStatusSchema = z.enum(contactImportStatuses);
export type ContactImportStatus = z.infer<typeof contactImportStatusSchema>;

/** Which CSV column (by its header, as detected) feeds which contact field; unmapped columns are ignored. */
export const contactImportMappingSchema = z.object({
  phone: text().max(200).describe("Required: every imported contact has a phone number (E.164)"),
  name: text().max(200).optional(),
  email: text().max(200).optional(),
  tags: text().max(200).optional().describe("Comma- or semicolon-separated labels; created when missing"),
  consent: text()
    .max(200)
    .optional()
    .describe("yes/no, true/false, 1/0, opted_in/opted_out, subscribed/unsubscribed; empty leaves it as it is"),
  consentAt: text().max(200).optional().describe("When the consent was given (a date or ISO timestamp)"),
  timeZone: text().max(200).optional().describe("An IANA zone (Europe/Madrid); else guessed from the number"),
  fields: z.record(text().max(40), text().max(200)).default({}).describe("Custom field key → column"),
});
export type ContactImportMapping = z.infer<typeof contactImportMappingSchema>;

export const startContactImportBody = z.object({
  mapping: contactImportMappingSchema,
  defaultCountry: text()
    .regex(/^[A-Za-z]{2}$/, "An ISO 3166 alpha-2 country code (ES, IN, US…)")
    .transform((c) => c.toUpperCase())
    .nullable()
    .optional()
    .describe("Country for numbers written without a country code (default: DEFAULT_COUNTRY)"),
  tags: z.array(text().trim().min(1).max(80)).max(20).default([]).describe("Labels added to every imported contact"),
});
export type StartContactImportInput = z.infer<typeof startContactImportBody>;

export const contactImportSchema = z.object({
  id: z.uuid(),
  status: contactImportStatusSchema,
  fileName: text(),
  size: z.number().int(),
  columns: z.array(text()).describe("The header row, made unique (a repeated header gets ' (2)')"),
  preview: z.array(z.array(text())).describe("The first data rows, as strings"),
  totalRows: z.number().int(),
  processedRows: z.number().int().describe("Rows committed so far (a restart resumes after them)"),
  createdRows: z.number().int(),
  updatedRows: z.number().int(),
  failedRows: z.number().int(),
  mapping: contactImportMappingSchema.nullable(),
  defaultCountry: text().nullable(),
  cancelRequested: z.boolean(),
  error: text().nullable(),
  createdAt: isoDate,
  startedAt: isoDate.nullable(),
  finishedAt: isoDate.nullable(),
});
export type ContactImport = z.infer<typeof contactImportSchema>;
export const contactImportList = z.object({ items: z.array(contactImportSchema) });

// ---- consent ----------------------------------------------------------------------------------

export const consentStatuses = ["opted_in", "opted_out", "unknown"] as const;
export const consentStatusSchema = z.enum(consentStatuses);
export type ConsentStatus = z.infer<typeof consentStatusSchema>;
/** Where a change came from: a customer's keyword, an agent, an import, the provider (error 131050), the API. */
export const consentSources = ["keyword", "agent", "import", "provider", "api"] as const;
export const consentSourceSchema = z.enum(consentSources);
export type ConsentSource = z.infer<typeof consentSourceSchema>;

export const consentEventSchema = z.object({
  id: z.uuid(),
  status: consentStatusSchema,
  previous: consentStatusSchema,
  source: consentSourceSchema,
  reason: text().nullable(),
  actor: z.object({ id: z.uuid(), name: text() }).nullable(),
  at: isoDate,
});
export type ConsentEvent = z.infer<typeof consentEventSchema>;

export const contactConsentSchema = z.object({
  contactId: z.uuid(),
  status: consentStatusSchema,
  source: consentSourceSchema.nullable(),
  at: isoDate.nullable(),
  timeZone: text().nullable(),
  timeZoneGuessed: z.boolean().describe("True when no zone is stored and this one is guessed from the phone's country"),
  history: z.array(consentEventSchema),
});
export type ContactConsent = z.infer<typeof contactConsentSchema>;

export const updateConsentBody = z
  .object({
    status: z.enum(["opted_in", "opted_out"]).optional(),
    reason: text().trim().max(500).optional(),
    timeZone: text()
      .max(64)
      .refine((z) => {
        try {
          new Intl.DateTimeFormat("en", { timeZone: z });
          return true;
        } catch {
          return false;
        }
      }, "Not an IANA time zone (e.g. Europe/Madrid)")
      .nullable()
      .optional(),
  })
  .refine((v) => v.status !== undefined || v.timeZone !== undefined, {
    message: "Give a status or a time zone",
    path: ["status"],
  });
export type UpdateConsentInput = z.infer<typeof updateConsentBody>;

export const consentKeywordsSchema = z.object({
  optOut: z.array(text().trim().min(1).max(40)).min(1).max(100),
  optIn: z.array(text().trim().min(1).max(40)).max(100),
});
export type ConsentKeywords = z.infer<typeof consentKeywordsSchema>;
