/**
 * Dates and times in the visitor's browser locale, by Intl (no hard-coded pattern), with the same
 * rules as the console's web/src/lib/time.ts: "7:03 AM" in en-US, "07:03" in de-DE.
 */
function locale(): string | undefined {
  return navigator.languages?.[0] ?? navigator.language ?? undefined;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
/** One formatter per locale and style: the message list formats every message's date. */
function fmt(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale() ?? ""}|${JSON.stringify(options)}`;
  let f = formatters.get(key);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat(locale(), options);
    } catch {
      f = new Intl.DateTimeFormat(undefined, options); // a malformed language tag
    }
    formatters.set(key, f);
  }
  return f;
}

const startOfDay = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();

/** "Today", "Yesterday", "Monday" (this week), "Tue, Dec 1" or "Dec 1, 2025". */
export function dayLabel(iso: string, now = new Date()): string {
  const d = new Date(iso);
  const days = Math.round((startOfDay(now) - startOfDay(d)) / 864e5);
  if (days === 0) return "Today";
  if (days === 1) return "Yesterday";
  if (days > 1 && days < 7) return fmt({ weekday: "long" }).format(d);
  return d.getFullYear() === now.getFullYear()
    ? fmt({ weekday: "short", month: "short", day: "numeric" }).format(d)
    : fmt({ month: "short", day: "numeric", year: "numeric" }).format(d);
}

/** Time of day, the locale's short time: "7:03 AM" (en-US), "07:03" (de-DE, en-GB). */
export function timeLabel(iso: string): string {
  return fmt({ timeStyle: "short" }).format(new Date(iso));
}

export function initials(name: string | null): string {
  const parts = (name ?? "").trim().split(/\s+/).filter(Boolean);
  const s = parts.length > 1 ? parts[0]![0]! + parts[parts.length - 1]![0]! : (parts[0] ?? "?").slice(0, 2);
  return s.toUpperCase();
}

export function fileSize(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${Math.round(n / 1024)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** Black or white text, whichever reads better on the `#rrggbb` background. */
export function onColor(hex: string): string {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex);
  if (!m) return "#fff";
  const n = Number.parseInt(m[1]!, 16);
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  const l = 0.2126 * lin(n >> 16) + 0.7152 * lin((n >> 8) & 255) + 0.0722 * lin(n & 255);
  return l > 0.45 ? "#111827" : "#fff";
}

/** Text as nodes, with http(s) links made clickable. Never parses HTML. */
export function linkify(text: string): Node[] {
  const out: Node[] = [];
  const re = /\bhttps?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]]/g;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index > last) out.push(document.createTextNode(text.slice(last, m.index)));
    const a = document.createElement("a");
    a.href = m[0];
    a.target = "_blank";
    a.rel = "noopener noreferrer nofollow";
    a.textContent = m[0];
    out.push(a);
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push(document.createTextNode(text.slice(last)));
  return out;
}
