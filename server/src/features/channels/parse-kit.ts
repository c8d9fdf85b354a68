import { z } from "zod";
import type { NormalizedEvent } from "./adapter";
import { boundedKey, clip, storableText } from "../../platform/storable";

/**
 * Zod pieces shared by the provider parsers. Payloads are untrusted and providers add fields at
 * will: objects are loose (unknown fields pass through), the fields we read are checked, and a
 * field of the wrong type makes that one event `ignored` with the reason, never an exception.
 */

/** A provider id (string or number) as a string a unique index can hold (long or odd ids hashed). */
export const zId = z.union([z.string().min(1), z.number()]).transform((v) => boundedKey(String(v)));

/** Free text from the customer, cleaned of what PostgreSQL cannot store. */
export const zText = z.string().transform(storableText);

/** Epoch seconds (WhatsApp, Telegram) as a number or a numeric string. */
export const zEpoch = z.union([z.number(), z.string()]);

/** Optional, and absent when null (providers send `null` for "not set" as often as they omit it). */
export const opt = <T extends z.ZodType>(s: T) => z.preprocess((v) => (v === null ? undefined : v), s.optional());

/** An array of items that are checked one by one later (one bad item must not hide the others). */
export const zItems = z.array(z.unknown()).optional().default([]);

/** An id read from a not-yet-trusted payload, or null; never throws whatever the value is. */
export function idOf(v: unknown): string | null {
  if (typeof v === "string" && v) return boundedKey(v);
  if (typeof v === "number" && Number.isFinite(v)) return boundedKey(String(v));
  return null;
}

/** A plain object's field, or undefined for anything else (arrays, strings, null). */
export function field(v: unknown, key: string): unknown {
  return v !== null && typeof v === "object" && !Array.isArray(v) && Object.hasOwn(v, key)
    ? (v as Record<string, unknown>)[key]
    : undefined;
}

export const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Why a payload did not match, in one short line ("messages.0.from: Invalid input…"). */
export function reasonOf(error: z.ZodError, what: string): string {
  const issue = error.issues[0];
  const where = issue?.path.length ? `${issue.path.join(".")}: ` : "";
  return clip(`malformed ${what}: ${where}${issue?.message ?? "invalid"}`, 300);
}

/** Parses one item; a mismatch becomes an `ignored` event carrying the reason. */
export function parseItem<T extends z.ZodType>(
  schema: T,
  value: unknown,
  what: string,
): { ok: true; data: z.output<T> } | { ok: false; event: NormalizedEvent } {
  const r = schema.safeParse(value);
  return r.success
    ? { ok: true, data: r.data }
    : { ok: false, event: { kind: "ignored", reason: reasonOf(r.error, what) } };
}

/**
 * Last line of defence: a parser is pure and must never throw, whatever the payload. A bug that
 * still throws becomes an ignored event with its message instead of a webhook retried forever.
 */
export function neverThrows<A extends unknown[]>(
  name: string,
  parse: (...args: A) => NormalizedEvent[],
): (...args: A) => NormalizedEvent[] {
  return (...args) => {
    try {
      return parse(...args);
    } catch (err) {
      return [
        { kind: "ignored", reason: clip(`${name} parser failed: ${(err as Error)?.message ?? String(err)}`, 300) },
      ];
    }
  };
}

/** A string for a log line or summary from an untrusted value, never throwing. */
export function shown(v: unknown, max = 60): string {
  if (typeof v === "string") return clip(v, max);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return v === undefined ? "undefined" : v === null ? "null" : typeof v;
}
