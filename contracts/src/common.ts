import { z } from "zod";

export const idSchema = z.uuid();
export const idParams = z.object({ id: z.uuid() });
export const isoDate = z.string().describe("ISO 8601 timestamp");

export const pageQuery = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}
