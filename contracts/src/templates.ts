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

/**
 * What a template shows, read the same way for a local draft and for a template synced from Meta:
 * the console's live preview, the preview route and the campaign sender all render this shape.
 */
export interface TemplateContent {
  header: { format: "NONE" | "TEXT" | "IMAGE" | "VIDEO" | "DOCUMENT" | "LOCATION"; text?: string };
  body: string;
  footer?: string;
  buttons: TemplateButtonContent[];
}
export type TemplateButtonContent =
  | { type: "QUICK_REPLY"; text: string }
  | { type: "URL"; text: string; url: string }
  | { type: "PHONE_NUMBER"; text: string; phoneNumber: string }
  | { type: "OTHER"; text: string };

/**
 * Where one variable's value comes from: a contact field (`name`, `first_name`, `phone`, `email`,
 * `attributes.<key>`) or a fixed text; `fallback` is used when the contact has no value for it.
 */
export interface VariableSource {
  field: string;
  /** With `field: "text"`: the fixed value. */
  value?: string;
  fallback?: string;
}
/** Variable mapping per component: `body.first_name`, `header.1`, `buttons.<button index>`. */
export interface VariableMapping {
  header?: Record<string, VariableSource>;
  body?: Record<string, VariableSource>;
  buttons?: Record<string, VariableSource>;
}
/** The contact data a mapping reads. */
export interface MappingContact {
  name: string | null;
  phone: string | null;
  email: string | null;
  attributes: Record<string, unknown>;
}

export const mappableFields = ["name", "first_name", "phone", "email", "text"] as const;

/** The contact's value for a field, or null when it has none (empty strings count as none). */
export function contactValue(contact: MappingContact, source: VariableSource): string | null {
  const f = source.field;
  let v: unknown = null;
  if (f === "text") v = source.value;
  else if (f === "name") v = contact.name;
  else if (f === "first_name") v = contact.name?.trim().split(/\s+/)[0];
  else if (f === "phone") v = contact.phone;
  else if (f === "email") v = contact.email;
  else if (f.startsWith("attributes.")) v = contact.attributes[f.slice("attributes.".length)];
  if (v === null || v === undefined) return null;
  const s = typeof v === "object" ? JSON.stringify(v) : String(v);
  return s.trim() ? s : null;
}

export interface RenderedTemplate {
  header: { format: TemplateContent["header"]["format"]; text?: string };
  body: string;
  footer?: string;
  buttons: TemplateButtonContent[];
  /**
   * The parameter values in send order, per component: what the sender puts in the message's
   * `components` (names kept for NAMED templates, which Meta matches by `parameter_name`).
   */
  parameters: {
    header: { name: string; text: string }[];
    body: { name: string; text: string }[];
    buttons: { index: number; text: string }[];
  };
  /** Variables that took their fallback (`body.first_name`). */
  fellBack: string[];
  /** Variables with neither a value nor a fallback: the send would be refused. */
  missing: string[];
}

/**
 * Fills a template for one contact. Pure: the console's preview, the preview route and the campaign
 * sender call the same function, so what the admin previews is what the customer receives.
 */
export function renderWithMapping(
  content: TemplateContent,
  contact: MappingContact,
  mapping: VariableMapping,
): RenderedTemplate {
  const fellBack: string[] = [];
  const missing: string[] = [];
  const resolve = (where: string, name: string, source: VariableSource | undefined) => {
    const own = source ? contactValue(contact, source) : null;
    if (own !== null) return own;
    const key = `${where}.${name}`;
    if (source?.fallback?.trim()) {
      fellBack.push(key);
      return source.fallback;
    }
    missing.push(key);
    return `{{${name}}}`;
  };
  const fill = (where: "header" | "body", text: string) => {
    const names = placeholders(text);
    const values = names.map((n) => resolve(where, n, mapping[where]?.[n]));
    return { text: fillTemplate(text, values), params: names.map((name, i) => ({ name, text: values[i] ?? "" })) };
  };
  const header = content.header.format === "TEXT" ? fill("header", content.header.text ?? "") : null;
  const body = fill("body", content.body);
  const buttonParams: { index: number; text: string }[] = [];
  const buttons = content.buttons.map((b, index) => {
    if (b.type !== "URL" || !placeholders(b.url).length) return b;
    const value = resolve("buttons", String(index), mapping.buttons?.[String(index)]);
    buttonParams.push({ index, text: value });
    return { ...b, url: fillTemplate(b.url, [value]) };
  });
  return {
    header: header ? { format: "TEXT", text: header.text } : { format: content.header.format },
    body: body.text,
    ...(content.footer ? { footer: content.footer } : {}),
    buttons,
    parameters: { header: header?.params ?? [], body: body.params, buttons: buttonParams },
    fellBack,
    missing,
  };
}
