import type { FieldValue, FlowField } from "@switchboard/contracts";
import { type CountryCode, parsePhoneNumberFromString } from "libphonenumber-js";

/**
 * Deterministic parsing of what a callee said into a typed field value. The scripted brain uses it to
 * extract, the LLM brain's set_field tool to validate (a model's value goes through the same parser).
 * `now` and the time zone come from the caller, so relative dates ("tomorrow at 10") are testable.
 */
export interface ParseContext {
  now: Date;
  timeZone: string;
  defaultCountry: string;
}

const DIGIT_WORDS: Record<string, string> = {
  zero: "0",
  oh: "0",
  one: "1",
  two: "2",
  three: "3",
  four: "4",
  five: "5",
  six: "6",
  seven: "7",
  eight: "8",
  nine: "9",
  ek: "1",
  do: "2",
  teen: "3",
  char: "4",
  paanch: "5",
  chhe: "6",
  saat: "7",
  aath: "8",
  nau: "9",
  shunya: "0",
};
const YES =
  /\b(yes|yeah|yep|yup|sure|ok|okay|of course|go ahead|fine|please do|alright|haan|han|ha|ji|theek hai|thik hai|bilkul|interested)\b/i;
const NO = /\b(no|nope|not|don'?t|never|nahi|nahin|na)\b/i;
const LATER = /\b(later|call back|callback|busy|another time|not now|baad mein|some other time)\b/i;

const norm = (s: string) =>
  s
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .trim();

/** "nine eight seven" -> "987"; "double five" -> "55". */
function spokenDigits(s: string): string {
  const words = norm(s).replace(/[-,.]/g, " ").split(/\s+/);
  let out = "";
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const next = words[i + 1];
    if ((w === "double" || w === "triple") && next && DIGIT_WORDS[next]) {
      out += DIGIT_WORDS[next].repeat(w === "double" ? 2 : 3);
      i++;
    } else if (DIGIT_WORDS[w]) out += DIGIT_WORDS[w];
    else if (/^\+?\d+$/.test(w)) out += w;
    else if (w === "plus" && !out) out += "+";
  }
  return out;
}

const LEADING =
  /^(?:(?:well|so|yes|yeah|ok|okay|sure|um+|uh+)[,\s]+)*(?:it'?s|it is|this is|that'?s|that is|my name is|i am|i'm|we are|we're|the name is|our lab is|our lab is called|we do|we offer|we are in|we're in|in|mera naam|hamara)\s+/i;

function cleanText(s: string): string {
  let v = s.trim();
  for (let prev = ""; prev !== v; ) {
    prev = v;
    v = v.replace(LEADING, "");
  }
  return v.replace(/[.!?]+$/, "").trim();
}

function parseChoice(said: string, choices: string[]): string | null {
  const t = norm(said);
  for (const c of choices) if (t === norm(c)) return c;
  const has = (re: RegExp) => re.test(t);
  const byName = (name: string) => choices.find((c) => norm(c) === name);
  // Later before no ("not now" is later), no before yes ("not interested" is no).
  if (has(LATER) && byName("later")) return byName("later")!;
  if (has(NO) && byName("no")) return byName("no")!;
  if (has(YES) && byName("yes")) return byName("yes")!;
  for (const c of choices) if (new RegExp(`\\b${norm(c).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\b`).test(t)) return c;
  return null;
}

/** The calendar date and time of `now` in the zone. */
function localParts(now: Date, timeZone: string) {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    weekday: "short",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(now);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? "";
  return { y: +get("year"), m: +get("month"), d: +get("day"), weekday: get("weekday").toLowerCase().slice(0, 3) };
}
const WEEKDAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
const pad = (n: number) => String(n).padStart(2, "0");

function parseDate(said: string, ctx: ParseContext): string | null {
  const t = norm(said);
  const iso = t.match(/\b(\d{4})-(\d{2})-(\d{2})\b/);
  if (iso) return `${iso[1]}-${iso[2]}-${iso[3]}`;
  const { y, m, d, weekday } = localParts(ctx.now, ctx.timeZone);
  const base = Date.UTC(y, m - 1, d);
  let add: number | null = null;
  if (/\bday after tomorrow\b|\bparson\b/.test(t)) add = 2;
  else if (/\btomorrow\b|\bkal\b/.test(t)) add = 1;
  else if (/\btoday\b|\baaj\b/.test(t)) add = 0;
  else {
    const w = WEEKDAYS.findIndex((name) => new RegExp(`\\b${name}[a-z]*\\b`).test(t));
    if (w >= 0) add = (w - WEEKDAYS.indexOf(weekday) + 7) % 7 || 7;
  }
  if (add === null) return null;
  const day = new Date(base + add * 86400_000);
  return `${day.getUTCFullYear()}-${pad(day.getUTCMonth() + 1)}-${pad(day.getUTCDate())}`;
}

function parseTime(said: string): string | null {
  const t = norm(said);
  const m = t.match(/\b(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.|o'?clock)?\b/);
  if (m && (m[2] || m[3])) {
    let h = +m[1]!;
    const min = m[2] ? +m[2] : 0;
    const ampm = m[3]?.replace(/\./g, "");
    if (ampm === "pm" && h < 12) h += 12;
    if (ampm === "am" && h === 12) h = 0;
    if (h > 23 || min > 59) return null;
    return `${pad(h)}:${pad(min)}`;
  }
  if (/\bmorning\b|\bsubah\b/.test(t)) return "10:00";
  if (/\bafternoon\b|\bdopahar\b/.test(t)) return "15:00";
  if (/\bevening\b|\bshaam\b/.test(t)) return "18:00";
  if (/\bnoon\b/.test(t)) return "12:00";
  return null;
}

/** The typed value in what was said, or null when it holds none. */
export function parseFieldValue(field: FlowField, said: string, ctx: ParseContext): FieldValue | null {
  const s = said.trim();
  if (!s) return null;
  switch (field.type) {
    case "text": {
      const v = cleanText(s);
      return v.length >= 1 && v.length <= 300 ? v : null;
    }
    case "number": {
      const m = s.replace(/,/g, "").match(/-?\d+(?:\.\d+)?/);
      if (m) return Number(m[0]);
      const digits = spokenDigits(s);
      return digits && /^\d+$/.test(digits) ? Number(digits) : null;
    }
    case "phone": {
      const raw = /\d{3}/.test(s) ? s.replace(/[^\d+]/g, "") : spokenDigits(s);
      const p = parsePhoneNumberFromString(raw, ctx.defaultCountry as CountryCode);
      return p?.isValid() ? p.number : null;
    }
    case "email": {
      let spoken = norm(s).replace(/^(?:it'?s|it is|my e-?mail is|the e-?mail is|email|e-mail)\s+/i, "");
      // Spelled out ("priya dot sharma at sunrise labs dot in"): the words are one address.
      if (/\s(at|dot)\s/.test(spoken))
        spoken = spoken
          .replace(/\s+at\s+/g, "@")
          .replace(/\s+dot\s+/g, ".")
          .replace(/\s+underscore\s+/g, "_")
          .replace(/\s+/g, "");
      const m = spoken.match(/[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}/i);
      return m ? m[0].toLowerCase() : null;
    }
    case "choice":
      return parseChoice(s, field.choices);
    case "date":
      return parseDate(s, ctx);
    case "time":
      return parseTime(s);
    case "datetime": {
      const date = parseDate(s, ctx);
      const time = parseTime(s);
      return date && time ? `${date} ${time}` : null;
    }
  }
}

/** A model's value for a field goes through the same parser (a number as text is fine). */
export function validateFieldValue(field: FlowField, value: unknown, ctx: ParseContext): FieldValue | null {
  if (value === null || value === undefined) return null;
  return parseFieldValue(field, String(value), ctx);
}

/** How the agent reads a value back: numbers digit by digit, e-mail addresses spelled out. */
export function readBack(field: FlowField, value: FieldValue): string {
  const v = String(value);
  if (field.type === "phone") {
    const digits = v.replace(/^\+91/, "").replace(/\D/g, "");
    const groups = digits.length === 10 ? [digits.slice(0, 5), digits.slice(5)] : [digits];
    return groups.map((g) => g.split("").join(" ")).join(", ");
  }
  if (field.type === "email") return v.replace("@", " at ").replace(/\./g, " dot ");
  return v;
}

export const isYes = (said: string) => parseChoice(said, ["yes", "no"]) === "yes";
export const isNo = (said: string) => parseChoice(said, ["yes", "no"]) === "no";

/** Things a callee can say at any step that end the call. */
export function globalIntent(said: string): "wrong_number" | "call_back" | null {
  const t = norm(said);
  if (/\bwrong number\b|\bgalat number\b|\bno (lab|one) (here|by that name)\b/.test(t)) return "wrong_number";
  if (/\b(call (me )?(back )?later|call back later|busy right now|call me tomorrow|baad mein call)\b/.test(t))
    return "call_back";
  return null;
}
