import type { ReplyWindow } from "@/lib/types";

export const SOON_MS = 2 * 60 * 60_000;

/** The window as of `now`: a window whose closesAt has passed is closed even before the server says so. */
export function effectiveWindow(rw: ReplyWindow | null, now: number): ReplyWindow | null {
  if (!rw || rw.rule === "none") return null;
  if (rw.open && rw.closesAt && new Date(rw.closesAt).getTime() <= now) return { ...rw, open: false };
  return rw;
}

/** "23 h 12 min", "45 min", "less than a minute". */
export function formatLeft(ms: number): string {
  const totalMin = Math.floor(ms / 60_000);
  if (totalMin < 1) return "less than a minute";
  const d = Math.floor(totalMin / 1440);
  const h = Math.floor((totalMin % 1440) / 60);
  const m = totalMin % 60;
  if (d > 0) return `${d} d ${h} h`;
  return h > 0 ? `${h} h ${m} min` : `${m} min`;
}
