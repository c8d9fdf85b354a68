import type { BusinessHours } from "@switchboard/contracts";

/** Day of week (0 = Sunday) and minutes since midnight at `now` in an IANA zone (Intl: no dependency). */
export function localTime(now: Date, timeZone: string): { day: number; minutes: number } {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat("en-US", {
      timeZone,
      weekday: "short",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    }).formatToParts(now);
  } catch {
    // An unknown zone in old settings: read the hours in UTC rather than never answering.
    return localTime(now, "UTC");
  }
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? "";
  const day = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"].indexOf(get("weekday"));
  return { day, minutes: Number(get("hour")) * 60 + Number(get("minute")) };
}

/** Inside the weekly office hours? A range whose end is before its start runs past midnight. */
export function inOfficeHours(hours: BusinessHours, now: Date): boolean {
  const { day, minutes } = localTime(now, hours.timezone);
  const toMin = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
  return hours.hours.some((h) => {
    const start = toMin(h.start);
    const end = toMin(h.end);
    if (end > start) return h.day === day && minutes >= start && minutes < end;
    // Overnight (22:00–06:00): the evening on its day, the early morning on the next.
    return (h.day === day && minutes >= start) || ((h.day + 1) % 7 === day && minutes < end);
  });
}

/** Does the AI answer at this moment, per the business-hours behaviour? */
export function aiAnswersNow(hours: BusinessHours, now = new Date()): boolean {
  if (hours.mode === "always") return true;
  const inside = inOfficeHours(hours, now);
  return hours.mode === "inside_hours" ? inside : !inside;
}
