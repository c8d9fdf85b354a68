import { z } from "zod";
import { text } from "./common";
import { prioritySchema } from "./inbox";
import { BULK_MAX } from "./list-values";

export { type LabelRef, labelRefSchema } from "./label-ref";

const color = text().regex(/^#[0-9a-fA-F]{6}$/, "A colour as #rrggbb");

export const labelSchema = z.object({
  id: z.uuid(),
  name: text(),
  color: text(),
  description: text(),
  conversationCount: z.number().int().describe("Conversations carrying the label (any status)"),
  contactCount: z.number().int(),
  createdAt: text(),
});
export type Label = z.infer<typeof labelSchema>;
export const labelList = z.object({ items: z.array(labelSchema) });

export const createLabelBody = z.object({
  name: text().trim().min(1).max(50),
  color,
  description: text().trim().max(300).default(""),
});
export const updateLabelBody = z
  .object({
    name: text().trim().min(1).max(50).optional(),
    color: color.optional(),
    description: text().trim().max(300).optional(),
  })
  .refine((v) => Object.keys(v).length > 0, "Nothing to update");

export const applyLabelBody = z.object({ labelId: z.uuid() });
export const labelParams = z.object({ id: z.uuid(), labelId: z.uuid() });

const ids = z.array(z.uuid()).min(1).max(BULK_MAX);
/** One action for every listed conversation; validated whole before anything changes. */
export const bulkBody = z.discriminatedUnion("action", [
  z.object({ action: z.literal("resolve"), ids }),
  z.object({ action: z.literal("reopen"), ids }),
  z.object({ action: z.literal("pending"), ids }),
  z.object({ action: z.literal("snooze"), ids, snoozedUntil: z.iso.datetime({ offset: true }) }),
  z.object({ action: z.literal("assign"), ids, assigneeId: z.uuid().nullable() }),
  z.object({ action: z.literal("priority"), ids, priority: prioritySchema }),
  z.object({ action: z.literal("label"), ids, labelId: z.uuid() }),
  z.object({ action: z.literal("unlabel"), ids, labelId: z.uuid() }),
]);
export type BulkBody = z.infer<typeof bulkBody>;
export const bulkResult = z.object({ updated: z.number().int(), ids: z.array(z.uuid()) });

/** The Mine / Unassigned / All tabs' numbers under the list's other filters. */
export const conversationCounts = z.object({
  mine: z.number().int(),
  unassigned: z.number().int(),
  all: z.number().int(),
});
export type ConversationCounts = z.infer<typeof conversationCounts>;
