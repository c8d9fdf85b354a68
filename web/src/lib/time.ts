import { differenceInCalendarDays, format, isSameYear, isToday, isYesterday } from "date-fns";

/** Compact relative time for lists: "now", "5m", "3h", "Mon", "Mar 4", "Mar 4, 2023". */
export function shortRelative(iso: string, now = Date.now()): string {
  const date = new Date(iso);
  const diff = Math.max(0, now - date.getTime());
  const min = Math.floor(diff / 60_000);
  if (min < 1) return "now";
  if (min < 60) return `${min}m`;
  const hours = Math.floor(min / 60);
  if (hours < 24) return `${hours}h`;
  const days = differenceInCalendarDays(now, date);
  if (days < 7) return `${days}d`;
  return isSameYear(date, now) ? format(date, "MMM d") : format(date, "MMM d, yyyy");
}

export function dayLabel(date: Date): string {
  if (isToday(date)) return "Today";
  if (isYesterday(date)) return "Yesterday";
  return isSameYear(date, new Date()) ? format(date, "EEEE, MMMM d") : format(date, "MMMM d, yyyy");
}

export function clockTime(iso: string): string {
  return format(new Date(iso), "HH:mm");
}

export function fullTime(iso: string): string {
  return format(new Date(iso), "PPpp");
}
