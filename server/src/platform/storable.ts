import crypto from "node:crypto";

/**
 * What PostgreSQL cannot store. `text` and `jsonb` refuse NUL ("invalid byte sequence", "unsupported
 * Unicode escape sequence"), and `jsonb` refuses an unpaired UTF-16 surrogate escape. Provider
 * payloads are untrusted, so every string from one is made storable before it reaches a row.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching NUL is the point.
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching NUL is the point.
const UNSTORABLE_TEST = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** NUL removed, lone surrogates replaced by U+FFFD. */
export function storableText(s: string): string {
  return UNSTORABLE_TEST.test(s) ? s.replace(UNSTORABLE, (c) => (c === "\u0000" ? "" : "\uFFFD")) : s;
}

/** `storableText` that also accepts null/undefined. */
export const storableOrNull = (s: string | null | undefined) => (typeof s === "string" ? storableText(s) : null);

/**
 * Longest id we use as (part of) a unique-index key. A btree row holds at most ~2.7 kB; provider ids
 * are tens of characters, so anything longer is hostile or broken and is replaced by its hash.
 */
export const MAX_KEY_LENGTH = 200;

/**
 * An id safe for a unique index: itself when short and storable, else `sha256:<hex>` of it (stable,
 * so a redelivery still dedupes, and never equal to a real short id).
 */
export function boundedKey(s: string, max = MAX_KEY_LENGTH): string {
  if (s.length <= max && !UNSTORABLE_TEST.test(s)) return s;
  return `sha256:${crypto.createHash("sha256").update(s, "utf8").digest("hex")}`;
}

/** Cuts to `max` characters without splitting a surrogate pair, then makes the result storable. */
export function clip(s: string, max: number): string {
  return storableText(s.length > max ? s.slice(0, max) : s);
}

/** Deepest JSON we accept from a provider: real payloads nest less than 10 levels. */
export const MAX_JSON_DEPTH = 64;

/**
 * Nesting depth of a JSON text, counted without parsing (so a hostile body never reaches a recursive
 * walker). Stops counting once `limit` is passed.
 */
export function jsonDepthExceeds(text: string, limit = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 /* [ */ || c === 123 /* { */) {
      if (++depth > limit) return true;
    } else if (c === 93 /* ] */ || c === 125 /* } */) depth--;
  }
  return false;
}

/**
 * A JSON value with every string (and key) made storable, for jsonb columns. Deeper than
 * `MAX_JSON_DEPTH` is cut off (intake already refuses such bodies; this keeps the walk bounded).
 */
export function storableJson(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return storableText(value);
  if (value === null || typeof value !== "object") return value;
  if (depth >= MAX_JSON_DEPTH) return null;
  if (Array.isArray(value)) return value.map((v) => storableJson(v, depth + 1));
  const out: Record<string, unknown> = {};
  // defineProperty: a "__proto__" key from a payload stays a plain key, never a prototype.
  for (const [k, v] of Object.entries(value))
    Object.defineProperty(out, storableText(k), {
      value: storableJson(v, depth + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  return out;
}
