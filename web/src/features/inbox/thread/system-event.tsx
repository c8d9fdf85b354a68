import {
  AlarmClock,
  AlertTriangle,
  ArrowUpDown,
  CheckCircle2,
  Clock,
  GitMerge,
  Hourglass,
  Info,
  type LucideIcon,
  RotateCcw,
  Tag,
  UserMinus,
  UserPlus,
} from "lucide-react";
import { Tooltip } from "@/components/ui/tooltip";
import { clockTime, fullTime } from "@/lib/time";
import type { Message } from "@/lib/types";
import { cn } from "@/lib/utils";

interface EventFacts {
  type?: string;
  actor?: { type?: string; id?: string | null; name?: string | null };
  assignee?: { name?: string };
  from?: unknown;
  to?: unknown;
  until?: string;
  label?: { name?: string; color?: string };
  via?: string;
  reason?: string;
}

const icons: Record<string, LucideIcon> = {
  assigned: UserPlus,
  unassigned: UserMinus,
  resolved: CheckCircle2,
  reopened: RotateCcw,
  snoozed: AlarmClock,
  unsnoozed: AlarmClock,
  woken: AlarmClock,
  pending: Hourglass,
  priority: ArrowUpDown,
  label_added: Tag,
  label_removed: Tag,
  contact_merged: GitMerge,
  delivery_failed: AlertTriangle,
};

/** "Tue 2 Dec, 14:00" in the reader's own locale and time zone (the stored sentence says UTC). */
function untilLabel(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(undefined, {
    weekday: "short",
    day: "numeric",
    month: "short",
    hour: "numeric",
    minute: "2-digit",
  }).format(d);
}

/**
 * The sentence for a line: rebuilt from the facts where the reader's locale matters (a snooze's
 * end), the server's own sentence otherwise (it already names who did what).
 */
export function eventSentence(m: Pick<Message, "content" | "metadata">): string {
  const e = (m.metadata?.event ?? {}) as EventFacts;
  if (e.type === "snoozed" && typeof e.until === "string") {
    const who = e.actor?.name ? ` by ${e.actor.name}` : "";
    return `Snoozed${who} until ${untilLabel(e.until)}`;
  }
  return m.content;
}

/** An activity line in the thread: compact, centred, an icon, the sentence and the time. */
export function SystemEvent({ message: m }: { message: Message }) {
  const e = (m.metadata?.event ?? {}) as EventFacts;
  const Icon = (e.type && icons[e.type]) || (m.kind === "event" ? Info : Clock);
  const failed = e.type === "delivery_failed";
  return (
    <div
      data-testid="message-bubble"
      data-message-id={m.id}
      data-sender-type="system"
      data-event-type={e.type}
      className="my-1.5 flex justify-center px-6"
    >
      <p
        className={cn(
          "flex max-w-[min(36rem,100%)] items-center gap-1.5 rounded-2xl px-3 py-1 text-[11.5px] leading-4",
          failed
            ? "bg-red-50 text-red-700 dark:bg-red-500/10 dark:text-red-300"
            : "bg-secondary/70 text-muted-foreground",
        )}
      >
        <Icon aria-hidden className="size-3.5 shrink-0 opacity-80" />
        <span className="min-w-0">{eventSentence(m)}</span>
        <Tooltip content={fullTime(m.createdAt)}>
          <time dateTime={m.createdAt} className="shrink-0 tabular-nums opacity-70">
            {clockTime(m.createdAt)}
          </time>
        </Tooltip>
      </p>
    </div>
  );
}
