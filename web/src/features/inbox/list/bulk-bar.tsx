import type { BulkBody } from "@switchboard/contracts";
import { addDays, addHours, nextMonday, setHours, startOfHour } from "date-fns";
import { AlarmClock, CircleCheck, Ellipsis, Flag, Hourglass, RotateCcw, Tag, UserRound, X } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuSub,
  DropdownMenuSubContent,
  DropdownMenuSubTrigger,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { Spinner } from "@/components/ui/spinner";
import { Tooltip } from "@/components/ui/tooltip";
import { useAgents } from "@/features/agents/queries";
import { useLabels, useBulkAction } from "@/features/labels/queries";
import { errorMessage } from "@/lib/api";
import { PRIORITIES } from "@/lib/types";
import { useInbox } from "../inbox-context";
import { priorityLabel } from "../labels";
import { PriorityIcon } from "../priority-icon";
import { SnoozeUntilDialog } from "../thread/snooze-until-dialog";
import { emptySelection, toggleAll } from "./selection";

type Action = Omit<BulkBody, "ids">;
type Distribute<T> = T extends unknown ? Omit<T, "ids"> : never;

const at9 = (d: Date) => startOfHour(setHours(d, 9));

/** Shown instead of the list's filters while rows are ticked: what to do with all of them. */
export function BulkBar({ order, meId }: { order: string[]; meId: string }) {
  const { selection, setSelection } = useInbox();
  const bulk = useBulkAction();
  const agents = useAgents();
  const labels = useLabels();
  const [picking, setPicking] = useState(false);
  const count = selection.ids.size;
  const ids = [...selection.ids];

  const run = (action: Distribute<BulkBody>, done: string) =>
    bulk.mutate({ ...(action as Action), ids } as BulkBody, {
      onSuccess: (r) => {
        toast.success(`${done} ${r.updated} conversation${r.updated === 1 ? "" : "s"}`);
        setSelection(emptySelection);
      },
      onError: (err) => toast.error(`Nothing was changed: ${errorMessage(err)}`),
    });

  const all = order.length > 0 && order.every((id) => selection.ids.has(id));
  return (
    <div
      role="toolbar"
      aria-label="Bulk actions"
      data-testid="bulk-bar"
      className="flex items-center gap-1 border-b bg-primary/[0.06] px-2 py-1.5 dark:bg-primary/[0.1]"
    >
      <button
        type="button"
        aria-pressed={all}
        aria-label={all ? "Clear the selection" : "Select every loaded conversation"}
        onClick={() => setSelection((s) => toggleAll(s, order))}
        className="flex h-7 items-center rounded px-1.5 text-[12.5px] font-medium tabular-nums hover:bg-accent"
      >
        <span data-testid="bulk-count">{count} selected</span>
      </button>
      <div className="ml-auto flex items-center gap-0.5">
        {bulk.isPending ? <Spinner className="mr-1 size-3.5" /> : null}
        <Tooltip content="Resolve">
          <Button
            variant="ghost"
            size="icon-sm"
            aria-label="Resolve selected"
            disabled={bulk.isPending}
            onClick={() => run({ action: "resolve" }, "Resolved")}
          >
            <CircleCheck />
          </Button>
        </Tooltip>
        <DropdownMenu>
          <DropdownMenuTrigger asChild>
            <Button variant="ghost" size="icon-sm" aria-label="Assign selected" disabled={bulk.isPending}>
              <UserRound />
            </Button>
          </DropdownMenuTrigger>
          <DropdownMenuContent align="end" className="max-h-80 w-52 overflow-y-auto">
            <DropdownMenuLabel>Assign to</DropdownMenuLabel>
            <DropdownMenuItem onSelect={() => run({ action: "assign", assigneeId: meId }, "Assigned")}>
              Me
            </DropdownMenuItem>
            {(agents.data ?? [])
              .filter((a) => !a.disabled && a.id !== meId)
              .map((a) => (
                <DropdownMenuItem key={a.id} onSelect={() => run({ action: "assign", assigneeId: a.id }, "Assigned")}>
                  {a.name}
                </DropdownMenuItem>
              ))}
            <DropdownMenuSeparator />
            <DropdownMenuItem onSelect={() => run({ action: "assign", assigneeId: null }, "Unassigned")}>
              Unassign
            </DropdownMenuItem>
          </DropdownMenuContent>
        </DropdownMenu>
        <DropdownMenu>
          <DropdownMenuTrigger asChild>
            <Button variant="ghost" size="icon-sm" aria-label="Label selected" disabled={bulk.isPending}>
              <Tag />
            </Button>
          </DropdownMenuTrigger>
          <DropdownMenuContent align="end" className="max-h-80 w-52 overflow-y-auto">
            {(labels.data ?? []).length === 0 ? (
              <p className="px-2 py-2 text-[12.5px] text-muted-foreground">No labels yet.</p>
            ) : (
              <>
                <DropdownMenuSub>
                  <DropdownMenuSubTrigger>Add label</DropdownMenuSubTrigger>
                  <DropdownMenuSubContent>
                    {(labels.data ?? []).map((l) => (
                      <DropdownMenuItem key={l.id} onSelect={() => run({ action: "label", labelId: l.id }, "Labelled")}>
                        <span aria-hidden className="size-2 rounded-full" style={{ backgroundColor: l.color }} />
                        {l.name}
                      </DropdownMenuItem>
                    ))}
                  </DropdownMenuSubContent>
                </DropdownMenuSub>
                <DropdownMenuSub>
                  <DropdownMenuSubTrigger>Remove label</DropdownMenuSubTrigger>
                  <DropdownMenuSubContent>
                    {(labels.data ?? []).map((l) => (
                      <DropdownMenuItem
                        key={l.id}
                        onSelect={() => run({ action: "unlabel", labelId: l.id }, "Updated")}
                      >
                        <span aria-hidden className="size-2 rounded-full" style={{ backgroundColor: l.color }} />
                        {l.name}
                      </DropdownMenuItem>
                    ))}
                  </DropdownMenuSubContent>
                </DropdownMenuSub>
              </>
            )}
          </DropdownMenuContent>
        </DropdownMenu>
        <DropdownMenu>
          <DropdownMenuTrigger asChild>
            <Button variant="ghost" size="icon-sm" aria-label="Snooze selected" disabled={bulk.isPending}>
              <AlarmClock />
            </Button>
          </DropdownMenuTrigger>
          <DropdownMenuContent align="end" className="w-48">
            <DropdownMenuLabel>Snooze until…</DropdownMenuLabel>
            {[
              { label: "1 hour", until: addHours(new Date(), 1) },
              { label: "Tomorrow", until: at9(addDays(new Date(), 1)) },
              { label: "Next week", until: at9(nextMonday(new Date())) },
            ].map((o) => (
              <DropdownMenuItem
                key={o.label}
                onSelect={() => run({ action: "snooze", snoozedUntil: o.until.toISOString() }, "Snoozed")}
              >
                {o.label}
              </DropdownMenuItem>
            ))}
            <DropdownMenuItem onSelect={() => setPicking(true)}>Pick date and time…</DropdownMenuItem>
          </DropdownMenuContent>
        </DropdownMenu>
        <DropdownMenu>
          <DropdownMenuTrigger asChild>
            <Button variant="ghost" size="icon-sm" aria-label="Set priority of selected" disabled={bulk.isPending}>
              <Flag />
            </Button>
          </DropdownMenuTrigger>
          <DropdownMenuContent align="end" className="w-40">
            <DropdownMenuLabel>Priority</DropdownMenuLabel>
            {[...PRIORITIES].reverse().map((p) => (
              <DropdownMenuItem key={p} onSelect={() => run({ action: "priority", priority: p }, "Updated")}>
                <PriorityIcon priority={p} />
                {priorityLabel[p]}
              </DropdownMenuItem>
            ))}
          </DropdownMenuContent>
        </DropdownMenu>
        <DropdownMenu>
          <DropdownMenuTrigger asChild>
            <Button variant="ghost" size="icon-sm" aria-label="More actions" disabled={bulk.isPending}>
              <Ellipsis />
            </Button>
          </DropdownMenuTrigger>
          <DropdownMenuContent align="end" className="w-48">
            <DropdownMenuItem onSelect={() => run({ action: "pending" }, "Marked pending:")}>
              <Hourglass /> Mark as pending
            </DropdownMenuItem>
            <DropdownMenuItem onSelect={() => run({ action: "reopen" }, "Reopened")}>
              <RotateCcw /> Reopen
            </DropdownMenuItem>
          </DropdownMenuContent>
        </DropdownMenu>
        <Tooltip content="Clear selection (Esc)">
          <Button
            variant="ghost"
            size="icon-sm"
            aria-label="Clear selection"
            onClick={() => setSelection(emptySelection)}
          >
            <X />
          </Button>
        </Tooltip>
      </div>
      <SnoozeUntilDialog
        open={picking}
        onOpenChange={setPicking}
        onPick={(until) => run({ action: "snooze", snoozedUntil: until }, "Snoozed")}
      />
    </div>
  );
}
