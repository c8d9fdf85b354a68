/**
 * Message-template placeholders, shared by the server (which counts and fills them when a template is
 * sent) and the console (which shows the preview the agent fills in), so both read a body the same way.
 * No Zod here: the console's composer imports this.
 */

const PLACEHOLDER = /\{\{\s*([\w.]+)\s*\}\}/g;

/** Positional {{1}} or named {{name}} placeholders, in order of first appearance. */
export function placeholders(text: string): string[] {
  const seen: string[] = [];
  for (const m of text.matchAll(PLACEHOLDER)) if (m[1] && !seen.includes(m[1])) seen.push(m[1]);
  return seen;
}

/** One piece of a template body: literal text, or a placeholder with its parameter's position. */
export type TemplatePart = { text: string } | { param: string; index: number };

/** The body split into literal text and placeholders; `index` is the parameter that fills each one. */
export function templateParts(body: string): TemplatePart[] {
  const names = placeholders(body);
  const parts: TemplatePart[] = [];
  let last = 0;
  for (const m of body.matchAll(PLACEHOLDER)) {
    const at = m.index ?? 0;
    if (at > last) parts.push({ text: body.slice(last, at) });
    const param = m[1] ?? "";
    parts.push({ param, index: names.indexOf(param) });
    last = at + m[0].length;
  }
  if (last < body.length) parts.push({ text: body.slice(last) });
  return parts;
}

/** The body with each placeholder replaced by its parameter; a missing one stays `{{name}}`. */
export function fillTemplate(body: string, params: readonly string[]): string {
  return templateParts(body)
    .map((p) => ("text" in p ? p.text : (params[p.index] ?? `{{${p.param}}}`)))
    .join("");
}
