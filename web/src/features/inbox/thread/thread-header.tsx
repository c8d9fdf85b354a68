import { CircleCheck, PanelRightClose, PanelRightOpen, RotateCcw } from "lucide-react";
import { useCallback, useEffect } from "react";
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
import { errorMessage } from "@/lib/api";
import type { Conversation, UpdateConversationInput } from "@/lib/types";
import { contactName } from "@/lib/utils";
import { isSnoozed } from "../filters";
import { useInbox } from "../inbox-context";
import { statusBadge, statusLabel } from "../labels";
import { useConversationActions } from "../queries";
import { AssigneeMenu } from "./assignee-menu";
import { PriorityMenu } from "./priority-menu";
import { SnoozeMenu } from "./snooze-menu";

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
  return (
    <header className="flex h-14 shrink-0 items-center gap-3 border-b px-4">
      <div className="flex min-w-0 flex-1 flex-col">
        <div className="flex items-center gap-2">
          <h2 className="truncate text-[14px] font-semibold" title={name}>
            {name}
          </h2>
          {snoozed ? (
            <Badge variant="outline">Snoozed</Badge>
          ) : (
            <Badge variant={statusBadge[c.status]} data-testid="conversation-status">
              {statusLabel[c.status]}
            </Badge>
          )}
        </div>
        <div className="flex min-w-0 items-center gap-1 text-[12px] text-muted-foreground">
          <ChannelIcon type={c.channelType} className="size-3" />
          <span className="truncate">
            {channelLabel(c.channelType)} · {c.channelName}
          </span>
          {sandbox ? <SandboxBadge className="ml-1" /> : null}
        </div>
      </div>
      <div className="flex shrink-0 items-center gap-1">
        <AssigneeMenu conversation={c} meId={meId} onAssign={onAssign} pending={assign.isPending} />
        <PriorityMenu value={c.priority} onChange={(priority) => patch({ priority })} />
        <SnoozeMenu
          snoozedUntil={c.snoozedUntil}
          onSnooze={(until) => patch({ snoozedUntil: until }, until ? "Snoozed" : "Unsnoozed")}
        />
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
            size="sm"
            className="ml-1 h-7"
            onClick={toggleResolve}
            disabled={update.isPending}
          >
            {update.isPending ? <Spinner className="size-3.5" /> : resolved ? <RotateCcw /> : <CircleCheck />}
            {resolved ? "Reopen" : "Resolve"}
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
