import type { ContactField, ContactImportMapping } from "@switchboard/contracts";

/** What a column can feed: a contact field, a custom field (`field:<key>`), or nothing. */
export type Target =
  | "ignore"
  | "name"
  | "phone"
  | "email"
  | "tags"
  | "consent"
  | "consentAt"
  | "timeZone"
  | `field:${string}`;

export const builtInTargets: { value: Target; label: string }[] = [
  { value: "ignore", label: "Don't import" },
  { value: "name", label: "Name" },
  { value: "phone", label: "Phone (required)" },
  { value: "email", label: "Email" },
  { value: "tags", label: "Tags (comma-separated)" },
  { value: "consent", label: "Marketing consent (yes/no)" },
  { value: "consentAt", label: "Consent date" },
  { value: "timeZone", label: "Time zone (IANA)" },
];

const guesses: [RegExp, Target][] = [
  [/phone|mobile|m[oó]vil|cell|whats ?app|tel[eé]fono|celular|^tel$|number/i, "phone"],
  [/e-?mail|correo/i, "email"],
  [/^(full )?name$|nombre|nome|contact/i, "name"],
  [/tags?|labels?|etiquetas?/i, "tags"],
  [/consent.*(date|at|time)|opt.?in.*(date|at)/i, "consentAt"],
  [/consent|opt.?in|marketing|subscribed/i, "consent"],
  [/time ?zone|^zone$|tz/i, "timeZone"],
];

/** A first mapping from the header names: each target taken once, custom fields by key or label. */
export function guessMapping(columns: string[], fields: ContactField[]): Record<string, Target> {
  const taken = new Set<Target>();
  const out: Record<string, Target> = {};
  for (const col of columns) {
    const field = fields.find(
      (f) => f.key === col.trim().toLowerCase() || f.label.toLowerCase() === col.trim().toLowerCase(),
    );
    let target: Target = field ? `field:${field.key}` : "ignore";
    if (!field)
      for (const [re, t] of guesses)
        if (re.test(col) && !taken.has(t)) {
          target = t;
          break;
        }
    if (taken.has(target)) target = "ignore";
    if (target !== "ignore") taken.add(target);
    out[col] = target;
  }
  return out;
}

/** The column choices as the API's mapping (the first column wins when two feed the same field). */
export function toMapping(choices: Record<string, Target>): ContactImportMapping | null {
  const m: Partial<ContactImportMapping> & { fields: Record<string, string> } = { fields: {} };
  for (const [col, t] of Object.entries(choices)) {
    if (t === "ignore") continue;
    if (t.startsWith("field:")) m.fields[t.slice(6)] ??= col;
    else (m as Record<string, unknown>)[t] ??= col;
  }
  return m.phone ? (m as ContactImportMapping) : null;
}
