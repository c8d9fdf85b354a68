import { z } from "zod";
import { isoDate, text } from "./common";

/** Shared replies are managed by admins and offered to every agent; personal ones only to their owner. */
export const cannedScopeSchema = z.enum(["personal", "shared"]);
export type CannedScope = z.infer<typeof cannedScopeSchema>;

// Typed after "/" in the composer: short, no spaces, case-insensitive (stored lower-case).
const shortcut = text()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, "Use 1–32 letters, digits, - or _ (no spaces)");

export const cannedResponseSchema = z.object({
  id: z.uuid(),
  shortcut: text(),
  title: text(),
  body: text(),
  scope: cannedScopeSchema,
  owner: z.object({ id: z.uuid(), name: text() }).nullable().describe("The owner of a personal reply"),
  canEdit: z.boolean().describe("Whether the caller may edit or delete it"),
  createdAt: isoDate,
  updatedAt: isoDate,
});
export type CannedResponse = z.infer<typeof cannedResponseSchema>;

export const cannedResponseList = z.object({ items: z.array(cannedResponseSchema) });

export const listCannedQuery = z.object({
  q: text().trim().max(200).optional().describe("Matches shortcut, title or body"),
  scope: cannedScopeSchema.optional(),
});

export const createCannedBody = z.object({
  shortcut,
  title: text().trim().min(1).max(120),
  body: text().trim().min(1).max(5000),
  scope: cannedScopeSchema.default("personal"),
});
export const updateCannedBody = createCannedBody.omit({ scope: true }).partial();
