import type { VisitorContext } from "@switchboard/contracts";
import { useQuery } from "@tanstack/react-query";
import { Clock, Globe, Languages, Link2, Monitor, MousePointerClick, Smartphone, Tablet } from "lucide-react";
import { type ReactNode, useEffect, useState } from "react";
import { Skeleton } from "@/components/ui/skeleton";
import { api, errorMessage } from "@/lib/api";

/** What the widget last reported; refreshed while the panel is open, since the visitor keeps browsing. */
export function useVisitorContext(contactId: string) {
  return useQuery({
    queryKey: ["contacts", "visitor", contactId],
    queryFn: ({ signal }) => api<{ visitor: VisitorContext | null }>(`/api/contacts/${contactId}/visitor`, { signal }),
    select: (d) => d.visitor,
    refetchInterval: 15_000,
  });
}

/** Re-renders every 30 s, so a local time shown to the minute stays right. */
function useNow(ms = 30_000) {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const t = setInterval(() => setNow(new Date()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}

/** Minutes the zone is ahead of UTC at that instant (DST included), from Intl alone. */
function offsetMinutes(timeZone: string, at: Date): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
  }).formatToParts(at);
  const n = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const asUtc = Date.UTC(n("year"), n("month") - 1, n("day"), n("hour"), n("minute"));
  return Math.round((asUtc - Math.floor(at.getTime() / 60_000) * 60_000) / 60_000);
}

/** "14:05" (the browser's locale) and how it compares with the agent's own clock. */
export function visitorLocalTime(timeZone: string, now: Date): { time: string; relative: string } | null {
  try {
    const time = new Intl.DateTimeFormat(undefined, { timeZone, hour: "numeric", minute: "2-digit" }).format(now);
    const diff = offsetMinutes(timeZone, now) + now.getTimezoneOffset();
    if (diff === 0) return { time, relative: "same time as you" };
    const h = Math.abs(diff) / 60;
    const amount = Number.isInteger(h) ? `${h} h` : `${Math.floor(h)} h ${Math.abs(diff) % 60} min`;
    return { time, relative: `${amount} ${diff > 0 ? "ahead of" : "behind"} you` };
  } catch {
    return null;
  }
}

function languageName(tag: string): string {
  try {
    return new Intl.DisplayNames(undefined, { type: "language" }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}

const deviceLabel = { desktop: "Desktop", mobile: "Phone", tablet: "Tablet", tv: "TV", other: "Other device" };

function Row({ icon, label, children }: { icon: ReactNode; label: string; children: ReactNode }) {
  return (
    <div className="flex min-w-0 items-start gap-2 text-[13px] [&_svg]:size-3.5 [&_svg]:shrink-0">
      <span className="mt-0.5 text-muted-foreground" aria-hidden>
        {icon}
      </span>
      <dt className="sr-only">{label}</dt>
      <dd className="min-w-0 flex-1">{children}</dd>
    </div>
  );
}

function hostAndPath(url: string): string {
  try {
    const u = new URL(url);
    return `${u.host}${u.pathname === "/" ? "" : u.pathname}`;
  } catch {
    return url;
  }
}

/** The website visitor's page, where they came from, browser, device, language and local time. */
export function VisitorSection({ contactId }: { contactId: string }) {
  const q = useVisitorContext(contactId);
  const now = useNow();
  let body: ReactNode;
  if (q.isPending)
    body = (
      <div className="flex flex-col gap-2">
        <Skeleton className="h-4 w-4/5" />
        <Skeleton className="h-4 w-3/5" />
      </div>
    );
  else if (q.isError)
    body = <p className="text-[13px] text-destructive">Couldn't load the visitor's details: {errorMessage(q.error)}</p>;
  else if (!q.data)
    body = <p className="text-[13px] text-muted-foreground">The widget hasn't reported a page for this visitor yet.</p>;
  else {
    const v = q.data;
    const local = v.timeZone ? visitorLocalTime(v.timeZone, now) : null;
    const DeviceIcon = v.device === "mobile" ? Smartphone : v.device === "tablet" ? Tablet : Monitor;
    body = (
      <dl className="flex flex-col gap-1.5" data-testid="visitor-details">
        {v.pageUrl ? (
          <Row icon={<MousePointerClick />} label="Current page">
            <a
              href={v.pageUrl}
              target="_blank"
              rel="noreferrer noopener"
              title={v.pageUrl}
              className="block truncate font-medium text-primary hover:underline"
            >
              {v.pageTitle || hostAndPath(v.pageUrl)}
            </a>
            {v.pageTitle ? (
              <span className="block truncate text-[11.5px] text-muted-foreground">{hostAndPath(v.pageUrl)}</span>
            ) : null}
          </Row>
        ) : null}
        <Row icon={<Link2 />} label="Came from">
          <span className="block truncate" title={v.referrer ?? undefined}>
            {v.referrer ? `From ${hostAndPath(v.referrer)}` : "Direct visit"}
          </span>
        </Row>
        {v.browser || v.os || v.device ? (
          <Row icon={<DeviceIcon />} label="Browser and device">
            {[v.browser, v.os && `on ${v.os}`, v.device && `(${deviceLabel[v.device]})`].filter(Boolean).join(" ")}
          </Row>
        ) : null}
        {v.language ? (
          <Row icon={<Languages />} label="Language">
            {languageName(v.language)}
          </Row>
        ) : null}
        {v.timeZone ? (
          <Row icon={local ? <Clock /> : <Globe />} label="Local time">
            {local ? (
              <span data-testid="visitor-local-time">
                <span className="font-medium tabular-nums">{local.time}</span>{" "}
                <span className="text-muted-foreground">· {local.relative}</span>
              </span>
            ) : null}
            <span className="block truncate text-[11.5px] text-muted-foreground">
              {v.timeZone.replaceAll("_", " ")}
            </span>
          </Row>
        ) : null}
      </dl>
    );
  }
  return (
    <section className="border-t px-4 py-3.5" aria-labelledby="visitor-heading" data-testid="visitor-section">
      <h3 id="visitor-heading" className="mb-2 text-[11px] font-semibold tracking-wide text-muted-foreground uppercase">
        Visitor
      </h3>
      {body}
    </section>
  );
}
