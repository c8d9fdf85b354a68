import { CircleCheck, PanelRightClose, PanelRightOpen, RotateCcw } from "lucide-react";
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";
import { toast } from "sonner";
import { ChannelIcon, channelLabel } from "@/components/channel-icon";
import { SandboxBadge } from "@/components/sandbox-badge";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Kbd } from "@/components/ui/kbd";
import { Spinner } from "@/components/ui/spinner";
import { Tooltip } from "@/components/ui/tooltip";
import { ConversationMenu } from "@/features/contacts/conversation-menu";
import { useIsSandboxChannel } from "@/features/sandbox/queries";
import { ConversationLabels } from "@/features/labels/conversation-labels";
import { HandlerBadge } from "@/features/routing/handler-badge";
import { RoutingMenu } from "@/features/routing/routing-menu";
import { errorMessage } from "@/lib/api";
import type { Conversation, UpdateConversationInput } from "@/lib/types";
import { contactName } from "@/lib/utils";
import { isSnoozed } from "../filters";
import { useInbox } from "../inbox-context";
import { statusBadge, statusLabel } from "../labels";
import { useConversationActions } from "../queries";
import { AssigneeMenu } from "./assignee-menu";
import { PendingButton } from "./pending-button";
import { PriorityMenu } from "./priority-menu";
import { SnoozeMenu } from "./snooze-menu";
import { ThreadHeaderMore } from "./thread-header-more";

/**
 * How much the header shows, from its own width (not the window's: the list and the contact panel
 * take their share first). At 1024 px with the panel open the thread is about 350 px wide; the
 * contact's name comes first, so the controls give way: the assignee shrinks to its avatar,
 * priority and snooze move into a "More" menu, then Resolve keeps only its icon.
 */
export type HeaderFit = "full" | "compact" | "narrow";
export function headerFit(width: number | null): HeaderFit {
  if (width === null || width >= 560) return "full"; // 1280 px with the panel open is ~564 px
  return width >= 440 ? "compact" : "narrow";
}

function useWidth<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState<number | null>(null);
  // Measured before paint, so a narrow header never flashes its full layout.
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    setWidth(el.getBoundingClientRect().width);
    if (typeof ResizeObserver === "undefined") return;
    const ro = new ResizeObserver(() => setWidth(el.getBoundingClientRect().width));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return [ref, width] as const;
}

export function ThreadHeader({ conversation: c, meId }: { conversation: Conversation; meId: string }) {
  const { update, assign } = useConversationActions(meId);
  const { commands, panelOpen, togglePanel } = useInbox();
  const resolved = c.status === "resolved";

  const patch = useCallback(
    (body: UpdateConversationInput, success?: string) =>
      update.mutate(
        { id: c.id, body },
        {
          onSuccess: () => (success ? toast.success(success) : undefined),
          onError: (err) => toast.error(`Couldn't update the conversation: ${errorMessage(err)}`),
        },
      ),
    [c.id, update.mutate],
  );

  const onAssign = useCallback(
    (assigneeId: string | null) =>
      assign.mutate(
        { id: c.id, assigneeId },
        { onError: (err) => toast.error(`Couldn't assign: ${errorMessage(err)}`) },
      ),
    [c.id, assign.mutate],
  );

  const toggleResolve = useCallback(() => {
    patch(
      resolved ? { status: "open" } : { status: "resolved" },
      resolved ? "Conversation reopened" : "Conversation resolved",
    );
  }, [patch, resolved]);

  useEffect(() => {
    commands.current.toggleResolve = toggleResolve;
    return () => {
      commands.current.toggleResolve = undefined;
    };
  }, [commands, toggleResolve]);

  const snoozed = isSnoozed(c);
  const sandbox = useIsSandboxChannel(c.channelId);
  const name = contactName(c.contact);
  const channel = `${channelLabel(c.channelType)} · ${c.channelName}`;
  const [ref, width] = useWidth<HTMLElement>();
  const fit = headerFit(width);
  const onSnooze = (until: string | null) => patch({ snoozedUntil: until }, until ? "Snoozed" : "Unsnoozed");
  return (
    <header ref={ref} data-fit={fit} className="flex h-14 shrink-0 items-center gap-3 border-b px-4">
      <div className="flex min-w-0 flex-1 flex-col">
        <div className="flex min-w-0 items-center gap-2">
          <h2 className="min-w-0 truncate text-[14px] font-semibold" title={name} data-testid="thread-contact-name">
            {name}
          </h2>
          {snoozed ? (
            <Badge variant="outline" className="shrink-0">
              Snoozed
            </Badge>
          ) : (
            <Badge variant={statusBadge[c.status]} className="shrink-0" data-testid="conversation-status">
              {statusLabel[c.status]}
            </Badge>
          )}
        </div>
        <div className="flex min-w-0 items-center gap-1 overflow-hidden text-[12px] text-muted-foreground">
          <HandlerBadge conversation={c} meId={meId} compact={fit !== "full" || (width ?? 0) < 760} className="mr-1" />
          <ChannelIcon type={c.channelType} className="size-3 shrink-0" />
          <span className="min-w-0 truncate" title={channel}>
            {channel}
          </span>
          {sandbox ? <SandboxBadge className="ml-1 shrink-0" /> : null}
        </div>
      </div>
      <div className="flex shrink-0 items-center gap-1">
        <RoutingMenu conversation={c} meId={meId} compact={fit !== "full" || (width ?? 0) < 760} />
        <ConversationLabels conversation={c} meId={meId} />
        <AssigneeMenu
          conversation={c}
          meId={meId}
          onAssign={onAssign}
          pending={assign.isPending}
          compact={fit !== "full"}
        />
        {fit === "full" ? (
          <>
            <PriorityMenu value={c.priority} onChange={(priority) => patch({ priority })} />
            <SnoozeMenu snoozedUntil={c.snoozedUntil} onSnooze={onSnooze} />
          </>
        ) : (
          <ThreadHeaderMore
            priority={c.priority}
            onPriority={(priority) => patch({ priority })}
            snoozedUntil={c.snoozedUntil}
            onSnooze={onSnooze}
          />
        )}
        <PendingButton conversation={c} patch={patch} busy={update.isPending} />
        <Tooltip
          content={
            <span className="flex items-center gap-1.5">
              {resolved ? "Reopen" : "Resolve"} <Kbd className="h-4 border-0 bg-background/20 text-background">E</Kbd>
            </span>
          }
        >
          <Button
            data-testid="resolve-button"
            variant={resolved ? "outline" : "default"}
            size={fit === "narrow" ? "icon-sm" : "sm"}
            className={fit === "narrow" ? "ml-1" : "ml-1 h-7"}
            onClick={toggleResolve}
            disabled={update.isPending}
            aria-label={resolved ? "Reopen" : "Resolve"}
          >
            {update.isPending ? <Spinner className="size-3.5" /> : resolved ? <RotateCcw /> : <CircleCheck />}
            {fit === "narrow" ? null : resolved ? "Reopen" : "Resolve"}
          </Button>
        </Tooltip>
        <Tooltip content={panelOpen ? "Hide contact details" : "Show contact details"}>
          <Button
            variant="ghost"
            size="icon-sm"
            onClick={togglePanel}
            aria-label="Toggle contact details"
            aria-pressed={panelOpen}
          >
            {panelOpen ? <PanelRightClose /> : <PanelRightOpen />}
          </Button>
        </Tooltip>
        <ConversationMenu conversation={c} />
      </div>
    </header>
  );
}
