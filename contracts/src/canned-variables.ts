/**
 * Variables in canned responses ({{contact.name}}, {{agent.name}}, {{contact.<attribute>}}), filled
 * from the conversation's contact and the agent inserting the reply. Pure and Zod-free: the composer
 * runs it at insertion, tests run it directly. A variable with no value is never filled with an empty
 * string: it stays in the text as typed and is reported, so the agent sees what is missing.
 */

export interface VariableContext {
  contact: {
    name?: string | null;
    email?: string | null;
    phone?: string | null;
    attributes?: Record<string, unknown>;
  } | null;
  agent: { name?: string | null } | null;
}

export type RenderedSegment = { text: string } | { variable: string; raw: string; value: string | null };

const VARIABLE = /\{\{\s*([a-zA-Z][\w]*(?:\.[\w-]+)+)\s*\}\}/g;

/** The variables the settings page offers (custom attributes are any {{contact.<attribute>}}). */
export const CANNED_VARIABLES = ["contact.name", "contact.email", "contact.phone", "agent.name"] as const;

function variableValue(name: string, ctx: VariableContext): string | null {
  const [scope, key, ...more] = name.split(".");
  if (more.length || !key) return null;
  let v: unknown;
  if (scope === "agent") v = key === "name" ? ctx.agent?.name : undefined;
  else if (scope === "contact") {
    const c = ctx.contact;
    if (!c) return null;
    if (key === "name" || key === "email" || key === "phone") v = c[key];
    else v = c.attributes?.[key];
    // "first_name" is what a team writing "Hi {{contact.first_name}}" means when the contact has no such field.
    if ((v === undefined || v === null) && key === "first_name" && c.name) v = c.name.trim().split(/\s+/)[0];
  }
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return typeof v === "string" && v.trim() ? v : null;
}

/** The body cut into literal text and variables, each with its value (null when unknown or empty). */
export function renderSegments(body: string, ctx: VariableContext): RenderedSegment[] {
  const out: RenderedSegment[] = [];
  let last = 0;
  for (const m of body.matchAll(VARIABLE)) {
    const at = m.index ?? 0;
    if (at > last) out.push({ text: body.slice(last, at) });
    out.push({ variable: m[1] as string, raw: m[0], value: variableValue(m[1] as string, ctx) });
    last = at + m[0].length;
  }
  if (last < body.length) out.push({ text: body.slice(last) });
  return out;
}

/** The text to insert, and the variables left as typed because they have no value. */
export function renderCanned(body: string, ctx: VariableContext): { text: string; unknown: string[] } {
  const unknown: string[] = [];
  const text = renderSegments(body, ctx)
    .map((s) => {
      if ("text" in s) return s.text;
      if (s.value === null) {
        if (!unknown.includes(s.raw)) unknown.push(s.raw);
        return s.raw;
      }
      return s.value;
    })
    .join("");
  return { text, unknown };
}
