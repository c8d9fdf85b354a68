import { getCountry } from "countries-and-timezones";
import { parsePhoneNumberWithError } from "libphonenumber-js/max";

/**
 * The zone of a country with several: the one most of its people live in. The zone data
 * (countries-and-timezones) lists a country's zones without population and libphonenumber-js does
 * not map area codes to zones, so a US number is guessed as New York whatever its area code; an
 * agent (or an import's time-zone column) corrects it.
 */
const MOST_POPULOUS: Record<string, string> = {
  US: "America/New_York",
  CA: "America/Toronto",
  MX: "America/Mexico_City",
  BR: "America/Sao_Paulo",
  AR: "America/Argentina/Buenos_Aires",
  CL: "America/Santiago",
  EC: "America/Guayaquil",
  RU: "Europe/Moscow",
  UA: "Europe/Kyiv",
  KZ: "Asia/Almaty",
  CN: "Asia/Shanghai",
  ID: "Asia/Jakarta",
  AU: "Australia/Sydney",
  NZ: "Pacific/Auckland",
  ES: "Europe/Madrid",
  PT: "Europe/Lisbon",
  DE: "Europe/Berlin",
  CD: "Africa/Kinshasa",
  MN: "Asia/Ulaanbaatar",
  MY: "Asia/Kuala_Lumpur",
  GB: "Europe/London",
  FR: "Europe/Paris",
  CY: "Asia/Nicosia",
  UZ: "Asia/Tashkent",
  PS: "Asia/Hebron",
  GL: "America/Nuuk",
  PF: "Pacific/Tahiti",
  KI: "Pacific/Tarawa",
  FM: "Pacific/Chuuk",
};

/** The IANA zone a phone number's country suggests (null when the number or its country is unknown). */
export function guessTimeZone(phone: string | null | undefined): string | null {
  if (!phone) return null;
  let country: string | undefined;
  try {
    country = parsePhoneNumberWithError(phone).country;
  } catch {
    return null;
  }
  if (!country) return null;
  const main = MOST_POPULOUS[country];
  if (main) return main;
  return getCountry(country)?.timezones[0] ?? null;
}
