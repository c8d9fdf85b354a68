import type { SlaState, SlaTargetState } from "@switchboard/contracts";
import { useQuery } from "@tanstack/react-query";
import { AlarmClock, CircleCheck, CirclePause, Siren } from "lucide-react";
import { useEffect, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { api } from "@/lib/api";
import { cn } from "@/lib/utils";

const METRIC: Record<SlaTargetState["metric"], string> = {
  firstReply: "First reply",
  nextReply: "Next reply",
  periodicUpdate: "Update",
  resolution: "Resolution",
  requesterWait: "Requester wait",
  agentWork: "Agent work",
};

/** The SLA state of a subject as its own cache entry: seeded by the payload, replaced by realtime sla.* events. */
export const slaKey = (subjectType: "ticket" | "conversation", id: string) => ["sla", subjectType, id] as const;

/** A clock that ticks once a second while something counts down (nothing re-renders otherwise). */
function useNow(active: boolean) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [active]);
  return now;
}

/** "1d 3h", "2h 05m", "4m 09s": precise enough near the deadline, short far from it. */
export function countdown(ms: number): string {
  const s = Math.max(0, Math.floor(Math.abs(ms) / 1000));
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (d) return `${d}d ${h}h`;
  if (h) return `${h}h ${String(m).padStart(2, "0")}m`;
  return `${m}m ${String(sec).padStart(2, "0")}s`;
}

/** The target that matters now: the running one due soonest, else a paused one, else the latest outcome. */
function focus(sla: SlaState): SlaTargetState | undefined {
  const running = sla.targets
    .filter((t) => t.status === "active" && t.deadlineAt)
    .sort((a, b) => Date.parse(a.deadlineAt!) - Date.parse(b.deadlineAt!));
  return (
    running[0] ??
    sla.targets.find((t) => t.status === "paused") ??
    [...sla.targets].sort((a, b) => Date.parse(b.stoppedAt ?? b.startedAt) - Date.parse(a.stoppedAt ?? a.startedAt))[0]
  );
}

/**
 * The SLA badge (issue 10 §2): the running target's countdown to its stored deadline, amber once its
 * warning is due, red once breached (then counting up); paused, met or missed when nothing runs.
 * The colours come with a word and an icon, and the full deadline is in the title and the label.
 */
export function SlaBadge({
  sla,
  className,
  compact = false,
}: {
  sla: SlaState | undefined;
  className?: string;
  /** Only the icon and the time (a narrow header): the target's name stays in the title and the label. */
  compact?: boolean;
}) {
  const t = sla ? focus(sla) : undefined;
  const now = useNow(t?.status === "active");
  if (!t) return null;
  const label = METRIC[t.metric];
  const name = compact ? "" : `${label} `;
  if (t.status === "paused")
    return (
      <Badge
        variant="secondary"
        className={className}
        data-testid="sla-badge"
        data-state="paused"
        title={`${label} SLA paused`}
      >
        <CirclePause /> {compact ? "Paused" : `${label} paused`}
      </Badge>
    );
  if (t.status === "hit" || t.status === "missed")
    return (
      <Badge
        variant={t.status === "hit" ? "success" : "danger"}
        className={className}
        data-testid="sla-badge"
        data-state={t.status}
        title={`${label} SLA ${t.status === "hit" ? "met" : "missed"}`}
      >
        {t.status === "hit" ? <CircleCheck /> : <Siren />} {compact ? "SLA" : label}{" "}
        {t.status === "hit" ? "met" : "missed"}
      </Badge>
    );
  const deadline = Date.parse(t.deadlineAt!);
  const breached = t.breached || now >= deadline;
  const warning = !breached && (t.warningSent || (t.warnAt !== null && now >= Date.parse(t.warnAt)));
  const due = new Date(deadline).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
  const text = breached ? `${name}overdue ${countdown(now - deadline)}` : `${name}${countdown(deadline - now)}`;
  return (
    <Badge
      variant={breached ? "danger" : warning ? "warning" : "outline"}
      className={cn("tabular-nums", className)}
      data-testid="sla-badge"
      data-state={breached ? "breached" : warning ? "at_risk" : "ok"}
      title={`${label} due ${due}`}
      aria-label={`${label} SLA ${breached ? "breached" : warning ? "at risk" : "on track"}, due ${due}`}
    >
      {breached ? <Siren /> : <AlarmClock />} {text}
    </Badge>
  );
}

/**
 * A conversation's SLA, as a slim strip under the thread header (the header has no room left at 1024 px).
 * Its own cache entry, so conversation updates (which carry no SLA) never clear it; realtime sla.* events
 * replace it. Nothing is drawn while the conversation has no clock.
 */
export function ConversationSlaStrip({ id, initial }: { id: string; initial: SlaState | undefined }) {
  const q = useQuery({
    queryKey: slaKey("conversation", id),
    queryFn: async () => (await api<{ sla?: SlaState }>(`/api/conversations/${id}`)).sla ?? null,
    initialData: initial ?? undefined,
    staleTime: Number.POSITIVE_INFINITY,
  });
  if (!q.data || !q.data.targets.length) return null;
  return (
    <div
      className="flex h-7 shrink-0 items-center gap-2 border-b px-4 text-[12px] text-muted-foreground"
      data-testid="sla-strip"
    >
      <span>SLA</span>
      <SlaBadge sla={q.data} />
    </div>
  );
}
