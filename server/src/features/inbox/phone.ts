import { type CountryCode, isSupportedCountry, parsePhoneNumberWithError } from "libphonenumber-js/max";

/**
 * Phone numbers are stored in E.164 ("+14155550100") whatever their source, so one person is one
 * number: an agent's "(415) 555-0100", WhatsApp's wa_id "14155550100" and a Telegram shared
 * contact's "+1 415 555 0100" all compare equal. Pure: every boundary (agents' edits, provider
 * profiles, imports, the stored-phone backfill) calls this one function.
 */
export type PhoneResult = { ok: true; e164: string } | { ok: false; reason: string };

export interface PhoneOptions {
  /** ISO 3166 alpha-2 country for numbers written without a country code (DEFAULT_COUNTRY). */
  defaultCountry?: string | null;
  /**
   * Provider ids are international numbers without the "+" (WhatsApp wa_id, Telegram's
   * phone_number): bare digits are read as country code + number, never as a local number.
   */
  international?: boolean;
  /**
   * Also check the number against the country's assigned ranges (default). Off for provider ids:
   * the provider has already delivered to that number, so a range we do not know (new, or a test
   * range like 555) must not lose it.
   */
  strict?: boolean;
}

export function normalizePhone(raw: string, opts: PhoneOptions = {}): PhoneResult {
  const input = raw.trim();
  if (!input) return { ok: false, reason: "Phone number is empty" };
  if (/[a-z]/i.test(input.replace(/(ext\.?|x)\s*\d+$/i, "")))
    return { ok: false, reason: "Phone number contains letters" };
  let text = input.replace(/^00(?=[1-9])/, "+");
  if (opts.international && !text.startsWith("+")) text = `+${text}`;
  const country = opts.defaultCountry?.toUpperCase();
  const defaultCountry = country && isSupportedCountry(country) ? (country as CountryCode) : undefined;
  if (!text.startsWith("+") && !defaultCountry)
    return { ok: false, reason: "Add the country code (e.g. +44…): no default country is configured" };
  try {
    const n = parsePhoneNumberWithError(text, defaultCountry);
    // isPossible checks the length for the country; the "max" metadata's isValid also checks the
    // number ranges, which rejects typos such as a digit too many or an unassigned area code.
    if (!n.isPossible()) return { ok: false, reason: `Not a possible phone number for ${n.country ?? "its country"}` };
    if (opts.strict !== false && !n.isValid())
      return { ok: false, reason: "Not a valid phone number (check the digits and the country code)" };
    return { ok: true, e164: n.number };
  } catch (e) {
    const code = e instanceof Error ? e.message : "";
    const reasons: Record<string, string> = {
      INVALID_COUNTRY: "Unknown country code",
      TOO_SHORT: "Phone number is too short",
      TOO_LONG: "Phone number is too long",
      NOT_A_NUMBER: "Not a phone number",
    };
    return { ok: false, reason: reasons[code] ?? "Not a phone number" };
  }
}

/** For sources we cannot refuse (provider profiles, imports): the E.164 form, or null when it is not a number. */
export function phoneOrNull(raw: string | null | undefined, opts: PhoneOptions = {}): string | null {
  if (!raw) return null;
  const r = normalizePhone(raw, opts);
  return r.ok ? r.e164 : null;
}

/**
 * The digits a search term would match in a stored E.164 number, when the term looks like a phone
 * number ("+1 (415) 555-0100", "415.555.0100", "4155550100"); null for a name or an email.
 * A local number written with a trunk "0" (UK "020 7946 0958") is also tried in its national form.
 */
export function phoneSearchDigits(q: string, defaultCountry?: string | null): string[] {
  if (!/^[\d\s()+.\-/]+$/.test(q.trim())) return [];
  const digits = q.replace(/\D/g, "");
  if (digits.length < 4) return [];
  const out = new Set([digits]);
  const full = normalizePhone(q, { defaultCountry });
  if (full.ok) out.add(full.e164.slice(1));
  if (digits.startsWith("0") && digits.length > 5) out.add(digits.replace(/^0+/, ""));
  return [...out];
}
