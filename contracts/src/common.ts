import { z } from "zod";

/**
 * The string schema for every field: PostgreSQL cannot store NUL (\u0000) in text or jsonb, so a
 * NUL that got through would fail the INSERT with a 500. Rejected here as a 400 validation error.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is exactly the character refused here
export const NO_NUL = /^[^\u0000]*$/;
export const text = () => z.string().regex(NO_NUL, "Must not contain NUL (\\u0000) characters");

export const idSchema = z.uuid();
export const idParams = z.object({ id: z.uuid() });
export const isoDate = text().describe("ISO 8601 timestamp");

export const pageQuery = z.object({
  cursor: text().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: text().nullable() });
}
