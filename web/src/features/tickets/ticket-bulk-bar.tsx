import type { BulkTicketsBody } from "@switchboard/contracts";
import { ticketStatuses } from "@switchboard/contracts/values";
import { CircleDot, Flag, Tag, UserRound, X } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { Input } from "@/components/ui/input";
import { Popover, PopoverContent, PopoverTrigger } from "@/components/ui/popover";
import { Spinner } from "@/components/ui/spinner";
import { useAgents } from "@/features/agents/queries";
import { priorityLabel } from "@/features/inbox/labels";
import { PriorityIcon } from "@/features/inbox/priority-icon";
import { errorMessage } from "@/lib/api";
import { PRIORITIES } from "@/lib/types";
import { statusLabel, useBulkTickets } from "./queries";

type Changes = BulkTicketsBody["changes"];

/** Shown above the list while tickets are ticked: one change for all of them (all or nothing). */
export function TicketBulkBar({ ids, meId, onDone }: { ids: string[]; meId: string; onDone: () => void }) {
  const bulk = useBulkTickets();
  const agents = useAgents();
  const [error, setError] = useState<string | null>(null);
  const [tag, setTag] = useState("");
  const [tagOpen, setTagOpen] = useState(false);
  const run = (changes: Changes) => {
    setError(null);
    bulk.mutate(
      { ids, changes },
      {
        onSuccess: (r) => {
          toast.success(`Updated ${r.changed} ticket${r.changed === 1 ? "" : "s"}`);
          onDone();
        },
        onError: (err) => setError(`Nothing was changed: ${errorMessage(err)}`),
      },
    );
  };
  return (
    <div
      role="toolbar"
      aria-label="Bulk edit"
      data-testid="ticket-bulk-bar"
      className="flex flex-wrap items-center gap-1 border-b bg-primary/[0.06] px-4 py-1.5 dark:bg-primary/[0.1]"
    >
      <span className="mr-2 text-[12.5px] font-medium tabular-nums" data-testid="ticket-bulk-count">
        {ids.length} selected
      </span>
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <Button variant="ghost" size="sm" disabled={bulk.isPending} data-testid="bulk-status">
            <CircleDot /> Status
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="start" className="w-40">
          {ticketStatuses
            .filter((s) => s !== "new")
            .map((s) => (
              <DropdownMenuItem key={s} onSelect={() => run({ status: s })}>
                {statusLabel[s]}
              </DropdownMenuItem>
            ))}
        </DropdownMenuContent>
      </DropdownMenu>
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <Button variant="ghost" size="sm" disabled={bulk.isPending} data-testid="bulk-priority">
            <Flag /> Priority
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="start" className="w-40">
          {[...PRIORITIES].reverse().map((p) => (
            <DropdownMenuItem key={p} onSelect={() => run({ priority: p })} data-testid={`bulk-priority-${p}`}>
              <PriorityIcon priority={p} />
              {priorityLabel[p]}
            </DropdownMenuItem>
          ))}
        </DropdownMenuContent>
      </DropdownMenu>
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <Button variant="ghost" size="sm" disabled={bulk.isPending} data-testid="bulk-assignee">
            <UserRound /> Assignee
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="start" className="max-h-80 w-52 overflow-y-auto">
          <DropdownMenuLabel>Assign to</DropdownMenuLabel>
          <DropdownMenuItem onSelect={() => run({ assigneeId: meId })}>Me</DropdownMenuItem>
          {(agents.data ?? [])
            .filter((a) => !a.disabled && a.id !== meId)
            .map((a) => (
              <DropdownMenuItem key={a.id} onSelect={() => run({ assigneeId: a.id })}>
                {a.name}
              </DropdownMenuItem>
            ))}
          <DropdownMenuSeparator />
          <DropdownMenuItem onSelect={() => run({ assigneeId: null })}>Unassign</DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>
      <Popover open={tagOpen} onOpenChange={setTagOpen}>
        <PopoverTrigger asChild>
          <Button variant="ghost" size="sm" disabled={bulk.isPending} data-testid="bulk-tag">
            <Tag /> Add tag
          </Button>
        </PopoverTrigger>
        <PopoverContent align="start" className="w-60 p-2">
          <form
            className="flex gap-1.5"
            onSubmit={(e) => {
              e.preventDefault();
              const t = tag.trim();
              if (!t) return;
              run({ addTags: [t] });
              setTag("");
              setTagOpen(false);
            }}
          >
            <Input
              aria-label="Tag to add"
              placeholder="tag"
              value={tag}
              onChange={(e) => setTag(e.target.value)}
              className="h-8"
              autoFocus
            />
            <Button type="submit" size="sm">
              Add
            </Button>
          </form>
        </PopoverContent>
      </Popover>
      {bulk.isPending ? <Spinner className="size-3.5" /> : null}
      {error ? (
        <span role="alert" className="text-[12.5px] text-destructive" data-testid="ticket-bulk-error">
          {error}
        </span>
      ) : null}
      <Button
        variant="ghost"
        size="icon-sm"
        className="ml-auto"
        aria-label="Clear selection"
        onClick={() => {
          setError(null);
          onDone();
        }}
      >
        <X />
      </Button>
    </div>
  );
}
