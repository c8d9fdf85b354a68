/** "45s", "3m", "1h 05m", "2d 3h": how long someone has waited, precise enough to compare at a glance. */
export function waitLabel(sinceIso: string, now: number): string {
  const s = Math.max(0, Math.floor((now - new Date(sinceIso).getTime()) / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h ${String(m % 60).padStart(2, "0")}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

/** Long waits stand out: amber after 5 minutes, red after 15 (the Waiting view and the list marker). */
export function waitTone(sinceIso: string, now: number): "calm" | "warn" | "late" {
  const m = (now - new Date(sinceIso).getTime()) / 60_000;
  return m >= 15 ? "late" : m >= 5 ? "warn" : "calm";
}
