import { AlarmClock, Check } from "lucide-react";
import { memo } from "react";
import { Link } from "wouter";
import { ChannelIcon } from "@/components/channel-icon";
import { Avatar } from "@/components/ui/avatar";
import { Badge } from "@/components/ui/badge";
import { shortRelative } from "@/lib/time";
import type { Conversation } from "@/lib/types";
import { cn, contactName } from "@/lib/utils";
import { LabelChips } from "@/features/labels/label-chip";
import { HandlerMarker } from "@/features/routing/handler-badge";
import { isSnoozed } from "../filters";
import { statusBadge, statusLabel } from "../labels";
import { PriorityIcon } from "../priority-icon";

interface Props {
  conversation: Conversation;
  selected: boolean;
  now: number;
  meId?: string;
  /** Ticked for a bulk action. */
  checked?: boolean;
  /** Some row is ticked: every row shows its checkbox (otherwise only on hover). */
  selecting?: boolean;
  onCheck?: (id: string, range: boolean) => void;
}

export const ROW_HEIGHT = 80;

/** "You: ", "Sam: ", "AI: " before the preview; nothing when the customer spoke last. */
export function senderPrefix(c: Pick<Conversation, "lastMessageSender">, meId: string | undefined): string {
  const s = c.lastMessageSender;
  if (!s || s.type === "customer" || s.type === "system") return "";
  if (s.type === "ai") return "AI: ";
  if (meId && s.id === meId) return "You: ";
  return s.name ? `${s.name.split(" ")[0]}: ` : "";
}

export const ConversationRow = memo(function ConversationRow({
  conversation: c,
  selected,
  now,
  meId,
  checked = false,
  selecting = false,
  onCheck,
}: Props) {
  const name = contactName(c.contact);
  const prefix = senderPrefix(c, meId);
  const unread = c.unreadCount > 0;
  const snoozed = isSnoozed(c, now);
  return (
    <Link
      href={`/inbox/${c.id}`}
      data-testid="conversation-row"
      data-conversation-id={c.id}
      aria-current={selected ? "page" : undefined}
      data-checked={checked || undefined}
      onClick={(e) => {
        // Shift-click on a row extends the selection instead of opening it.
        if (e.shiftKey && onCheck) {
          e.preventDefault();
          onCheck(c.id, true);
        }
      }}
      className={cn(
        "group relative flex h-full w-full gap-2.5 border-b border-border/60 px-3 py-2.5 outline-none transition-colors focus-visible:ring-2 focus-visible:ring-ring/50 focus-visible:ring-inset",
        checked
          ? "bg-primary/[0.1] dark:bg-primary/[0.16]"
          : selected
            ? "bg-primary/[0.07] dark:bg-primary/[0.12]"
            : "hover:bg-accent/60",
      )}
    >
      {selected ? <span aria-hidden className="absolute inset-y-0 left-0 w-0.5 bg-primary" /> : null}
      <div className="relative mt-0.5 self-start">
        <Avatar
          name={name}
          src={c.contact.avatarUrl}
          seed={c.contact.id}
          size="md"
          className={cn(onCheck && (checked || selecting ? "invisible" : "group-hover:invisible"))}
        />
        {onCheck ? (
          <button
            type="button"
            aria-pressed={checked}
            aria-label={`Select conversation with ${name}`}
            data-testid="row-checkbox"
            onClick={(e) => {
              e.preventDefault();
              e.stopPropagation();
              onCheck(c.id, e.shiftKey);
            }}
            className={cn(
              "absolute inset-0 flex items-center justify-center rounded-full border-2 transition-colors",
              checked
                ? "border-primary bg-primary text-primary-foreground"
                : "border-muted-foreground/40 bg-background text-transparent hover:border-primary",
              checked || selecting ? "flex" : "hidden group-hover:flex",
            )}
          >
            <Check className="size-4" strokeWidth={3} />
          </button>
        ) : null}
        <span className="absolute -right-1 -bottom-1 flex size-4 items-center justify-center rounded-full bg-background ring-1 ring-border">
          <ChannelIcon type={c.channelType} className="size-2.5" />
        </span>
      </div>
      <div className="flex min-w-0 flex-1 flex-col gap-0.5">
        <div className="flex items-baseline gap-2">
          <span className={cn("min-w-0 flex-1 truncate text-[13px]", unread ? "font-semibold" : "font-medium")}>
            {name}
          </span>
          <time
            dateTime={c.lastMessageAt}
            className={cn(
              "shrink-0 text-[11px] tabular-nums",
              unread ? "font-medium text-primary" : "text-muted-foreground",
            )}
          >
            {shortRelative(c.lastMessageAt, now)}
          </time>
        </div>
        <div className="flex items-center gap-2">
          <p
            className={cn(
              "min-w-0 flex-1 truncate text-[12.5px]",
              unread ? "text-foreground" : "text-muted-foreground",
            )}
          >
            {prefix ? <span className="text-muted-foreground">{prefix}</span> : null}
            {c.lastMessagePreview || <span className="italic">No messages yet</span>}
          </p>
          {unread ? (
            <span
              data-testid="unread-count"
              className="flex h-[18px] min-w-[18px] shrink-0 items-center justify-center rounded-full bg-primary px-1 text-[10.5px] font-semibold text-primary-foreground tabular-nums"
            >
              {c.unreadCount > 99 ? "99+" : c.unreadCount}
              <span className="sr-only"> unread</span>
            </span>
          ) : null}
        </div>
        <div className="mt-0.5 flex h-5 items-center gap-1.5 text-[11px] text-muted-foreground">
          {c.labels?.length ? (
            <LabelChips labels={c.labels} />
          ) : (
            <span className="min-w-0 truncate">{c.channelName}</span>
          )}
          {c.priority !== "normal" ? <PriorityIcon priority={c.priority} /> : null}
          {snoozed ? (
            <Badge variant="outline" className="gap-0.5">
              <AlarmClock /> Snoozed
            </Badge>
          ) : c.status !== "open" ? (
            <Badge variant={statusBadge[c.status]}>{statusLabel[c.status]}</Badge>
          ) : null}
          <HandlerMarker conversation={c} now={now} />
          <span className="ml-auto">
            {c.assignee ? (
              <Avatar name={c.assignee.name} src={c.assignee.avatarUrl} seed={c.assignee.id} size="xs" />
            ) : (
              <span className="text-[11px] text-muted-foreground/70">Unassigned</span>
            )}
          </span>
        </div>
      </div>
    </Link>
  );
});
