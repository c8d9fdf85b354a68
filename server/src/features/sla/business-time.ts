import { TZDate } from "@date-fns/tz";

/**
 * Business-time arithmetic (issue 10 §2), pure: no database, no clock. A schedule is a set of weekly
 * periods in wall-clock time of one IANA zone, minus holidays (local dates). Wall-clock times are
 * turned into instants per day with @date-fns/tz, so a 09:00–17:00 day is 8 h on the day a DST change
 * happens too, and a 00:00–24:00 day is 23 h or 25 h then.
 */
export interface WeeklyPeriod {
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  day: number;
  /** "HH:MM", local wall-clock time. */
  start: string;
  /** "HH:MM" after start; "24:00" means midnight at the end of the day. */
  end: string;
}

export interface BusinessSchedule {
  timeZone: string;
  periods: WeeklyPeriod[];
  /** Local dates "YYYY-MM-DD" in the schedule's zone on which nobody works. */
  holidays: string[];
}

/** Calendar hours: every second counts. */
export const CALENDAR = "calendar" as const;
export type Hours = BusinessSchedule | typeof CALENDAR;

const DAY_MS = 86_400_000;
// A year of days without one working window means the schedule is unusable, not that the deadline is far.
const MAX_DAYS = 366 * 2;

const minutesOf = (hhmm: string) => {
  const [h, m] = hhmm.split(":").map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

/** Per ISO weekday, the periods as [startMinute, endMinute), sorted and merged so overlaps count once. */
function weekTable(periods: WeeklyPeriod[]): Array<Array<[number, number]>> {
  const table: Array<Array<[number, number]>> = Array.from({ length: 8 }, () => []);
  for (const p of periods) {
    const s = minutesOf(p.start);
    const e = minutesOf(p.end);
    if (e > s) table[p.day]?.push([s, e]);
  }
  for (const day of table) {
    day.sort((a, b) => a[0] - b[0]);
    for (let i = day.length - 1; i > 0; i--) {
      const prev = day[i - 1] as [number, number];
      const cur = day[i] as [number, number];
      if (cur[0] <= prev[1]) {
        prev[1] = Math.max(prev[1], cur[1]);
        day.splice(i, 1);
      }
    }
  }
  return table;
}

/** The local calendar date of an instant in a zone, as a UTC-midnight timestamp (plain date arithmetic). */
function localDay(instant: number, timeZone: string): number {
  const t = new TZDate(instant, timeZone);
  return Date.UTC(t.getFullYear(), t.getMonth(), t.getDate());
}

/** The working windows [start, end) as instants, for one local date (given as its UTC-midnight timestamp). */
function windowsOn(day: number, schedule: BusinessSchedule, table: Array<Array<[number, number]>>) {
  const d = new Date(day);
  const iso = d.toISOString().slice(0, 10);
  if (schedule.holidays.includes(iso)) return [];
  const weekday = d.getUTCDay() === 0 ? 7 : d.getUTCDay();
  const at = (minute: number) =>
    new TZDate(
      d.getUTCFullYear(),
      d.getUTCMonth(),
      d.getUTCDate(),
      Math.floor(minute / 60),
      minute % 60,
      0,
      schedule.timeZone,
    ).getTime();
  return (table[weekday] ?? []).map(([s, e]) => [at(s), at(e)] as const);
}

/**
 * The deadline `seconds` of working time after `start`. Intercom's rule: time outside the schedule does
 * not count, so a clock started at night runs from the next opening, and a deadline never falls outside
 * hours (one that uses up a window exactly is that window's closing time).
 */
export function addBusinessSeconds(start: Date, seconds: number, hours: Hours): Date {
  if (seconds < 0) throw new RangeError("seconds must not be negative");
  if (hours === CALENDAR) return new Date(start.getTime() + seconds * 1000);
  const table = weekTable(hours.periods);
  let remaining = seconds * 1000;
  const from = start.getTime();
  let day = localDay(from, hours.timeZone);
  for (let i = 0; i < MAX_DAYS; i++, day += DAY_MS) {
    for (const [ws, we] of windowsOn(day, hours, table)) {
      if (we <= from) continue;
      const s = Math.max(ws, from);
      if (remaining <= we - s) return new Date(s + remaining);
      remaining -= we - s;
    }
  }
  throw new RangeError("the schedule has no working hours");
}

/** Whole working seconds between two instants (0 when b is not after a). */
export function businessSecondsBetween(a: Date, b: Date, hours: Hours): number {
  const from = a.getTime();
  const to = b.getTime();
  if (to <= from) return 0;
  if (hours === CALENDAR) return Math.floor((to - from) / 1000);
  const table = weekTable(hours.periods);
  let total = 0;
  const last = localDay(to, hours.timeZone);
  for (let day = localDay(from, hours.timeZone); day <= last; day += DAY_MS) {
    for (const [ws, we] of windowsOn(day, hours, table)) {
      const overlap = Math.min(we, to) - Math.max(ws, from);
      if (overlap > 0) total += overlap;
    }
  }
  return Math.floor(total / 1000);
}
