/**
 * The editors' logic, apart from their markup so it is tested on its own: tags typed as text,
 * alternatives one per line, and the patch that holds only what changed (a PATCH with an unchanged
 * body would re-chunk the article for nothing).
 */
export function parseTags(text: string): string[] {
  return [
    ...new Set(
      text
        .split(",")
        .map((t) => t.trim().toLowerCase())
        .filter((t) => t.length > 0 && t.length <= 50),
    ),
  ].slice(0, 20);
}

export function parseLines(text: string): string[] {
  return text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(0, 20);
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The fields of `draft` that differ from `saved` (everything, for a new item). */
export function changedFields<T extends Record<string, unknown>>(saved: T | null, draft: T): Partial<T> {
  if (!saved) return { ...draft };
  const out: Partial<T> = {};
  for (const key of Object.keys(draft) as (keyof T)[]) if (!same(saved[key], draft[key])) out[key] = draft[key];
  return out;
}

export const isDirty = <T extends Record<string, unknown>>(saved: T | null, draft: T) =>
  Object.keys(changedFields(saved, draft)).length > 0;

/** What blocks saving, in words for the form; null when it can be saved. */
export function articleProblem(d: { title: string; body: string }): string | null {
  if (!d.title.trim()) return "Give the article a title";
  if (d.title.length > 300) return "The title is longer than 300 characters";
  if (d.body.length > 200_000) return "The article is longer than 200,000 characters";
  return null;
}

export function qaProblem(d: { question: string; answer: string }): string | null {
  if (!d.question.trim()) return "Write the question";
  if (!d.answer.trim()) return "Write the answer";
  return null;
}
