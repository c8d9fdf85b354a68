import type { ConsentStatus, ContactField, ContactImportMapping } from "@switchboard/contracts";
import { normalizePhone } from "../phone";

/** One CSV row as a contact: what the batch writes, or why the row is refused. */
export interface ContactDraft {
  phone: string;
  name: string | null;
  email: string | null;
  tags: string[];
  attributes: Record<string, string | number>;
  consent: Exclude<ConsentStatus, "unknown"> | null;
  consentAt: string | null;
  timeZone: string | null;
}
export interface RowError {
  column: string | null;
  value: string | null;
  reason: string;
}
export type RowResult = { ok: true; draft: ContactDraft } | { ok: false; error: RowError } | { ok: "blank" };

const YES = new Set(["yes", "y", "true", "1", "opted_in", "opt_in", "optin", "subscribed", "si", "sí", "sim"]);
const NO = new Set(["no", "n", "false", "0", "opted_out", "opt_out", "optout", "unsubscribed", "não", "nao"]);

/** Column indexes of the mapping, resolved once per import against the detected header. */
export interface ResolvedMapping {
  phone: number;
  name?: number;
  email?: number;
  tags?: number;
  consent?: number;
  consentAt?: number;
  timeZone?: number;
  fields: { index: number; field: ContactField }[];
}

export function resolveMapping(
  columns: string[],
  mapping: ContactImportMapping,
  fields: ContactField[],
): { ok: true; resolved: ResolvedMapping } | { ok: false; fieldErrors: Record<string, string[]> } {
  const errors: Record<string, string[]> = {};
  const at = (key: string, header: string | undefined) => {
    if (header === undefined) return undefined;
    const i = columns.indexOf(header);
    if (i < 0) errors[key] = [`No column named "${header}" in the file`];
    return i;
  };
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const resolved: ResolvedMapping = {
    phone: at("mapping.phone", mapping.phone) ?? -1,
    name: at("mapping.name", mapping.name),
    email: at("mapping.email", mapping.email),
    tags: at("mapping.tags", mapping.tags),
    consent: at("mapping.consent", mapping.consent),
    consentAt: at("mapping.consentAt", mapping.consentAt),
    timeZone: at("mapping.timeZone", mapping.timeZone),
    fields: [],
  };
  for (const [key, header] of Object.entries(mapping.fields ?? {})) {
    const field = byKey.get(key);
    if (!field) errors[`mapping.fields.${key}`] = [`No custom field "${key}" (create it first)`];
    const index = at(`mapping.fields.${key}`, header);
    if (field && index !== undefined && index >= 0) resolved.fields.push({ index, field });
  }
  return Object.keys(errors).length ? { ok: false, fieldErrors: errors } : { ok: true, resolved };
}

/** A typed custom field's stored form, or the reason it is not one. */
export function fieldValue(
  field: ContactField,
  raw: string,
): { ok: true; value: string | number } | { ok: false; reason: string } {
  if (field.type === "text") return { ok: true, value: raw.slice(0, 1000) };
  if (field.type === "number") {
    const n = Number(raw.replace(/[\s_]/g, ""));
    return Number.isFinite(n) ? { ok: true, value: n } : { ok: false, reason: `${field.label}: not a number` };
  }
  if (field.type === "date") {
    const d = parseDate(raw);
    return d
      ? { ok: true, value: d.slice(0, 10) }
      : { ok: false, reason: `${field.label}: not a date (use YYYY-MM-DD)` };
  }
  const option = field.options.find((o) => o.toLowerCase() === raw.toLowerCase());
  return option
    ? { ok: true, value: option }
    : { ok: false, reason: `${field.label}: "${raw}" is not one of ${field.options.join(", ")}` };
}

/** ISO dates and timestamps only: 03/04/2025 means March or April depending on who wrote it. */
function parseDate(raw: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(raw)) return null;
  const t = Date.parse(raw.length === 10 ? `${raw}T00:00:00Z` : raw);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

function isTimeZone(z: string) {
  try {
    new Intl.DateTimeFormat("en", { timeZone: z });
    return true;
  } catch {
    return false;
  }
}

/** A row's cells read through the mapping. Pure: the same row always gives the same answer. */
export function readRow(
  cells: string[],
  m: ResolvedMapping,
  columns: string[],
  defaultCountry: string | null,
): RowResult {
  // PostgreSQL text cannot hold NUL; a stray one is dropped rather than failing the batch.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is exactly what is removed
  const cell = (i: number | undefined) => (i === undefined ? "" : (cells[i] ?? "").replace(/\u0000/g, "").trim());
  if (cells.every((c) => !c.trim())) return { ok: "blank" };
  const fail = (i: number | undefined, reason: string): RowResult => ({
    ok: false,
    error: { column: i === undefined ? null : (columns[i] ?? null), value: i === undefined ? null : cell(i), reason },
  });
  const rawPhone = cell(m.phone);
  const phone = normalizePhone(rawPhone, { defaultCountry });
  if (!phone.ok) return fail(m.phone, phone.reason);
  const email = cell(m.email).toLowerCase() || null;
  if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) return fail(m.email, "Not an email address");
  let consent: ContactDraft["consent"] = null;
  const rawConsent = cell(m.consent).toLowerCase();
  if (rawConsent) {
    if (YES.has(rawConsent)) consent = "opted_in";
    else if (NO.has(rawConsent)) consent = "opted_out";
    else return fail(m.consent, "Consent must be yes/no (or opted_in/opted_out)");
  }
  let consentAt: string | null = null;
  const rawAt = cell(m.consentAt);
  if (rawAt) {
    consentAt = parseDate(rawAt);
    if (!consentAt) return fail(m.consentAt, "Consent date: not a date (use YYYY-MM-DD or an ISO timestamp)");
  }
  const timeZone = cell(m.timeZone) || null;
  if (timeZone && !isTimeZone(timeZone)) return fail(m.timeZone, "Not an IANA time zone (e.g. Europe/Madrid)");
  const attributes: Record<string, string | number> = {};
  for (const { index, field } of m.fields) {
    const raw = cell(index);
    if (!raw) continue;
    const v = fieldValue(field, raw);
    if (!v.ok) return fail(index, v.reason);
    attributes[field.key] = v.value;
  }
  const tags = cell(m.tags)
    .split(/[,;]/)
    .map((t) => t.trim().slice(0, 80))
    .filter(Boolean);
  return {
    ok: true,
    draft: {
      phone: phone.e164,
      name: cell(m.name).slice(0, 200) || null,
      email,
      tags,
      attributes,
      consent,
      consentAt,
      timeZone,
    },
  };
}

/** A later row for the same number fills in and overrides what it gives; tags add up. */
export function mergeDrafts(a: ContactDraft, b: ContactDraft): ContactDraft {
  return {
    phone: a.phone,
    name: b.name ?? a.name,
    email: b.email ?? a.email,
    tags: [...new Set([...a.tags, ...b.tags])],
    attributes: { ...a.attributes, ...b.attributes },
    consent: b.consent ?? a.consent,
    consentAt: b.consent ? b.consentAt : (a.consentAt ?? b.consentAt),
    timeZone: b.timeZone ?? a.timeZone,
  };
}
