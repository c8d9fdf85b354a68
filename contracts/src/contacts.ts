import { z } from "zod";
import { channelTypeSchema } from "./channels";
import { isoDate, pageOf, text } from "./common";

/** The contacts table: sortable columns, filters, keyset pages (GET /api/contacts and the CSV export). */
export const contactSorts = ["name", "createdAt", "lastSeen", "conversations"] as const;
export const contactSortSchema = z.enum(contactSorts);
export type ContactSort = z.infer<typeof contactSortSchema>;

const flag = z
  .enum(["true", "false", "1", "0"])
  .transform((v) => v === "true" || v === "1")
  .optional();

export const contactFilterQuery = z.object({
  q: text().trim().max(200).optional().describe("Name, email or phone (any formatting: +1 (415) 555-0100, 4155550100)"),
  channel: channelTypeSchema.optional().describe("Only contacts with an identity on this channel type"),
  hasPhone: flag,
  hasEmail: flag,
  label: z.uuid().optional().describe("Only contacts carrying this label"),
  sort: contactSortSchema.default("createdAt"),
  dir: z.enum(["asc", "desc"]).default("desc"),
});
export type ContactFilter = z.infer<typeof contactFilterQuery>;

export const contactTableQuery = contactFilterQuery.extend({
  cursor: text().max(400).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

/** A label as another feature attaches it to a contact; shown when present. */
export const contactLabelRef = z.object({ id: z.uuid(), name: text(), color: text() });

export const contactRowSchema = z.object({
  id: z.uuid(),
  name: text().nullable(),
  email: text().nullable(),
  phone: text().nullable(),
  avatarUrl: text().nullable(),
  createdAt: isoDate,
  channelTypes: z.array(channelTypeSchema),
  lastSeenAt: isoDate.nullable().describe("The customer's last message on any channel"),
  conversationsCount: z.number().int(),
  labels: z.array(contactLabelRef).optional(),
});
export type ContactRow = z.infer<typeof contactRowSchema>;
export const contactTablePage = pageOf(contactRowSchema);
export type ContactTablePage = z.infer<typeof contactTablePage>;

export const createContactBody = z
  .object({
    name: text().trim().max(200).nullable().optional(),
    email: z.email().max(200).nullable().optional(),
    phone: text().trim().max(40).nullable().optional(),
    notes: text().max(5000).optional(),
  })
  .refine((v) => !!(v.name || v.email || v.phone), {
    message: "Give the contact a name, an email or a phone number",
    path: ["name"],
  });
export type CreateContactInput = z.infer<typeof createContactBody>;

export const deleteContactResult = z.object({
  deletedConversations: z.number().int().describe("The contact's conversations, deleted with it"),
});

export const demoStatusSchema = z.object({
  present: z.boolean().describe("Demo rows exist (seeded and not removed)"),
  removedAt: isoDate.nullable(),
});
export type DemoStatus = z.infer<typeof demoStatusSchema>;
export const removeDemoResult = z.object({
  removed: z.object({
    conversations: z.number().int(),
    contacts: z.number().int(),
    agents: z.number().int(),
    channels: z.number().int(),
  }),
});
export type RemoveDemoResult = z.infer<typeof removeDemoResult>;
