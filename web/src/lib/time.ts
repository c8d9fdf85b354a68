import { formatDistanceToNowStrict } from "date-fns";

/**
 * Every date and time the console shows goes through here, formatted by Intl in the browser's
 * locale: a team in Berlin reads "07:03" and "1. Dez.", one in Chicago "7:03 AM" and "Dec 1". No
 * pattern is written out (a hard-coded "HH:mm" beside Intl's "7:03 AM" is how the formats got
 * mixed). The widget's `widget/src/format.ts` follows the same rules. The words around the dates
 * ("Today", "5m", "… ago") are the console's own copy, which is English.
 */

/** The browser's preferred locale (read each call: tests and a language switch change it). */
export function userLocale(): string | undefined {
  if (typeof navigator === "undefined") return undefined;
  return navigator.languages?.[0] ?? navigator.language ?? undefined;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
/** Intl formatters are costly to build and a list formats hundreds of dates: one per locale and style. */
function fmt(style: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const locale = userLocale();
  const key = `${locale ?? ""}|${style}`;
  let f = formatters.get(key);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat(locale, options);
    } catch {
      f = new Intl.DateTimeFormat(undefined, options); // a malformed language tag
    }
    formatters.set(key, f);
  }
  return f;
}

const toDate = (d: string | Date | number) => (d instanceof Date ? d : new Date(d));
const startOfDay = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
/** Whole calendar days from `date` to `now` (0 today, 1 yesterday), in local time. */
function calendarDaysAgo(date: Date, now: Date): number {
  return Math.round((startOfDay(now) - startOfDay(date)) / 86_400_000);
}

/** Time of day, the locale's short time: "7:03 AM" (en-US), "07:03" (de-DE, en-GB). */
export function clockTime(d: string | Date | number): string {
  return fmt("clock", { timeStyle: "short" }).format(toDate(d));
}

/**
 * The hour as the locale's short time writes it ("9" in en-US, "09" in de-DE), for formats that
 * combine a time with a weekday (Intl cannot mix `timeStyle` with date fields).
 */
function localeHour(): "numeric" | "2-digit" {
  const hour = fmt("clock", { timeStyle: "short" })
    .formatToParts(new Date(2000, 0, 1, 9, 5))
    .find((p) => p.type === "hour");
  return hour?.value.length === 2 ? "2-digit" : "numeric";
}

/** A calendar date, the year only when it is not this year: "Dec 1" / "Dec 1, 2025" (en-US), "1. Dez." (de-DE). */
export function shortDate(d: string | Date | number, now: Date = new Date()): string {
  const date = toDate(d);
  return date.getFullYear() === now.getFullYear()
    ? fmt("date", { month: "short", day: "numeric" }).format(date)
    : fmt("date-year", { month: "short", day: "numeric", year: "numeric" }).format(date);
}

/** Date and time with the weekday, for moments in the near future or past: "Tue, Dec 1, 9:00 AM". */
export function dateTime(d: string | Date | number): string {
  const hour = localeHour();
  return fmt(`date-time-${hour}`, { weekday: "short", month: "short", day: "numeric", hour, minute: "2-digit" }).format(
    toDate(d),
  );
}

/** Weekday and time, for the next days: "Mon 9:00 AM" (en-US), "Mo., 09:00" (de-DE). */
export function weekdayTime(d: string | Date | number): string {
  const hour = localeHour();
  return fmt(`weekday-time-${hour}`, { weekday: "short", hour, minute: "2-digit" }).format(toDate(d));
}

/** The full moment, for tooltips: "Dec 1, 2026, 7:03 AM". */
export function fullTime(d: string | Date | number): string {
  return fmt("full", { dateStyle: "medium", timeStyle: "short" }).format(toDate(d));
}

/** Day separators in a thread: "Today", "Yesterday", "Monday" (this week), "Tue, Dec 1", "Dec 1, 2025". */
export function dayLabel(d: string | Date | number, now: Date = new Date()): string {
  const date = toDate(d);
  const days = calendarDaysAgo(date, now);
  if (days === 0) return "Today";
  if (days === 1) return "Yesterday";
  if (days > 1 && days < 7) return fmt("weekday", { weekday: "long" }).format(date);
  return date.getFullYear() === now.getFullYear()
    ? fmt("day", { weekday: "short", month: "short", day: "numeric" }).format(date)
    : fmt("date-year", { month: "short", day: "numeric", year: "numeric" }).format(date);
}

/** Compact relative time for lists: "now", "5m", "3h", "2d", then the date ("Dec 1", "Dec 1, 2025"). */
export function shortRelative(iso: string, now = Date.now()): string {
  const date = new Date(iso);
  const diff = Math.max(0, now - date.getTime());
  const min = Math.floor(diff / 60_000);
  if (min < 1) return "now";
  if (min < 60) return `${min}m`;
  const hours = Math.floor(min / 60);
  if (hours < 24) return `${hours}h`;
  const days = calendarDaysAgo(date, new Date(now));
  if (days < 7) return `${Math.max(1, days)}d`;
  return shortDate(date, new Date(now));
}

/** "14 seconds ago", "in 3 hours": part of an English sentence, so in the console's language. */
export function timeAgo(iso: string): string {
  return formatDistanceToNowStrict(new Date(iso), { addSuffix: true });
}
