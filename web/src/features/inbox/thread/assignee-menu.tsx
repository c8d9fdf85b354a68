import { ChevronDown, UserCheck, UserX } from "lucide-react";
import { useEffect, useState } from "react";
import { AvailabilityDot } from "@/components/availability-dot";
import { Avatar } from "@/components/ui/avatar";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuShortcut,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { Spinner } from "@/components/ui/spinner";
import { Tooltip } from "@/components/ui/tooltip";
import { useAgents } from "@/features/agents/queries";
import type { Conversation } from "@/lib/types";
import { useInbox } from "../inbox-context";

export function AssigneeMenu({
  conversation,
  meId,
  onAssign,
  pending,
  compact = false,
}: {
  conversation: Conversation;
  meId: string;
  onAssign: (assigneeId: string | null) => void;
  pending: boolean;
  /** Avatar only (a narrow thread header): the name moves into the tooltip. */
  compact?: boolean;
}) {
  const [open, setOpen] = useState(false);
  const agents = useAgents();
  const { commands } = useInbox();
  const assignee = conversation.assignee;
  const isMine = assignee?.id === meId;

  useEffect(() => {
    commands.current.assignToMe = () => {
      if (isMine) setOpen(true);
      else onAssign(meId);
    };
    return () => {
      commands.current.assignToMe = undefined;
    };
  }, [commands, isMine, meId, onAssign]);

  const active = (agents.data ?? []).filter((a) => !a.disabled);
  const label = assignee ? (isMine ? "You" : assignee.name) : "Unassigned";
  return (
    <DropdownMenu
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        // Load numbers change with every assignment (here or by a teammate): fresh ones on each opening.
        if (next) void agents.refetch();
      }}
    >
      <Tooltip content={compact ? `Assignee: ${label}` : null}>
        <DropdownMenuTrigger asChild>
          <Button
            variant="ghost"
            size="sm"
            data-testid="assign-menu"
            aria-label={`Assignee: ${label}`}
            className={compact ? "h-7 gap-1 px-1.5" : "h-7 max-w-44 min-w-0 gap-1.5 px-2"}
          >
            {pending ? (
              <Spinner className="size-3.5" />
            ) : assignee ? (
              <Avatar name={assignee.name} src={assignee.avatarUrl} seed={assignee.id} size="xs" />
            ) : (
              <span className="flex size-5 items-center justify-center rounded-full border border-dashed border-muted-foreground/50" />
            )}
            {compact ? null : (
              <span className="truncate" title={label}>
                {label}
              </span>
            )}
            <ChevronDown className="size-3.5 text-muted-foreground" />
          </Button>
        </DropdownMenuTrigger>
      </Tooltip>
      <DropdownMenuContent align="end" className="w-60">
        {!isMine ? (
          <DropdownMenuItem onSelect={() => onAssign(meId)}>
            <UserCheck /> Assign to me <DropdownMenuShortcut>A</DropdownMenuShortcut>
          </DropdownMenuItem>
        ) : null}
        {assignee ? (
          <DropdownMenuItem onSelect={() => onAssign(null)}>
            <UserX /> Unassign
          </DropdownMenuItem>
        ) : null}
        <DropdownMenuSeparator />
        <DropdownMenuLabel>Teammates</DropdownMenuLabel>
        {agents.isPending ? (
          <div className="flex justify-center py-2">
            <Spinner className="text-muted-foreground" />
          </div>
        ) : null}
        {agents.isError ? <p className="px-2 py-1.5 text-xs text-destructive">Couldn't load teammates</p> : null}
        <div className="max-h-64 overflow-y-auto">
          {active.map((a) => (
            <DropdownMenuItem key={a.id} onSelect={() => onAssign(a.id)} disabled={a.id === assignee?.id}>
              <span className="relative">
                <Avatar name={a.name} src={a.avatarUrl} seed={a.id} size="sm" />
                <AvailabilityDot
                  value={a.availability}
                  className="absolute -right-0.5 -bottom-0.5 ring-2 ring-popover"
                />
              </span>
              <span className="min-w-0 flex-1 truncate">
                {a.name}
                {a.id === meId ? <span className="text-muted-foreground"> (you)</span> : null}
              </span>
              <span className="text-[11px] text-muted-foreground tabular-nums" title="Open conversations">
                {a.openConversations}/{a.capacity}
              </span>
            </DropdownMenuItem>
          ))}
        </div>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
