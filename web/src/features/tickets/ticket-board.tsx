import type { Ticket, TicketStatus } from "@switchboard/contracts";
import { Ellipsis } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { Link } from "wouter";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { priorityLabel } from "@/features/inbox/labels";
import { PriorityIcon } from "@/features/inbox/priority-icon";
import { SlaBadge } from "@/features/sla/sla-badge";
import { errorMessage } from "@/lib/api";
import { cn } from "@/lib/utils";
import { statusLabel, useBulkTickets } from "./queries";

export const BOARD_COLUMNS: TicketStatus[] = ["new", "open", "pending", "on_hold", "solved"];
const DND_TYPE = "application/x-switchboard-ticket";

/** Columns by status; a card moves through its status menu or by dragging it (native HTML5 DnD). */
export function TicketBoard({
  items,
  focusedId,
  onFocus,
}: {
  items: Ticket[];
  focusedId: string | null;
  onFocus: (id: string) => void;
}) {
  const bulk = useBulkTickets();
  const [over, setOver] = useState<TicketStatus | null>(null);
  const move = (t: Ticket, status: TicketStatus) => {
    if (t.status === status) return;
    bulk.mutate(
      { ids: [t.id], changes: { status } },
      {
        onSuccess: () => toast.success(`#${t.number} moved to ${statusLabel[status]}`),
        onError: (err) => toast.error(`#${t.number} was not moved: ${errorMessage(err)}`),
      },
    );
  };
  const byId = new Map(items.map((t) => [t.id, t]));
  return (
    <div className="flex h-full min-h-0 gap-2 overflow-x-auto p-3" data-testid="ticket-board">
      {BOARD_COLUMNS.map((status) => {
        const cards = items.filter((t) => t.status === status);
        return (
          <section
            key={status}
            aria-label={statusLabel[status]}
            data-testid={`board-column-${status}`}
            className={cn(
              "flex min-w-44 flex-1 basis-0 flex-col rounded-lg border bg-muted/40",
              over === status && "ring-2 ring-primary/50",
            )}
            onDragOver={(e) => {
              if (!e.dataTransfer.types.includes(DND_TYPE)) return;
              e.preventDefault();
              setOver(status);
            }}
            onDragLeave={() => setOver((s) => (s === status ? null : s))}
            onDrop={(e) => {
              e.preventDefault();
              setOver(null);
              const t = byId.get(e.dataTransfer.getData(DND_TYPE));
              if (t) move(t, status);
            }}
          >
            <h2 className="flex items-center justify-between px-3 py-2 text-xs font-medium text-muted-foreground">
              {statusLabel[status]}
              <span className="tabular-nums">{cards.length}</span>
            </h2>
            <ul className="flex min-h-0 flex-1 flex-col gap-2 overflow-y-auto px-2 pb-2">
              {cards.map((t) => (
                <li
                  key={t.id}
                  draggable
                  data-testid="board-card"
                  data-ticket-id={t.id}
                  data-focused={focusedId === t.id || undefined}
                  onDragStart={(e) => {
                    e.dataTransfer.setData(DND_TYPE, t.id);
                    e.dataTransfer.effectAllowed = "move";
                  }}
                  onClick={() => onFocus(t.id)}
                  className={cn(
                    "cursor-grab rounded-md border bg-card p-2.5 text-[13px] shadow-xs",
                    focusedId === t.id && "ring-2 ring-ring",
                  )}
                >
                  <div className="flex items-start gap-1">
                    <Link href={`/tickets/${t.id}`} className="min-w-0 flex-1 font-medium hover:underline">
                      <span className="mr-1 text-muted-foreground tabular-nums">#{t.number}</span>
                      {t.subject}
                    </Link>
                    <DropdownMenu>
                      <DropdownMenuTrigger asChild>
                        <Button
                          variant="ghost"
                          size="icon-sm"
                          className="-mt-1 -mr-1 size-6"
                          aria-label={`Move #${t.number}`}
                          data-testid="board-card-menu"
                        >
                          <Ellipsis />
                        </Button>
                      </DropdownMenuTrigger>
                      <DropdownMenuContent align="end" className="w-40">
                        <DropdownMenuLabel>Move to</DropdownMenuLabel>
                        {BOARD_COLUMNS.filter((s) => s !== t.status && s !== "new").map((s) => (
                          <DropdownMenuItem key={s} onSelect={() => move(t, s)} data-testid={`move-to-${s}`}>
                            {statusLabel[s]}
                          </DropdownMenuItem>
                        ))}
                      </DropdownMenuContent>
                    </DropdownMenu>
                  </div>
                  <div className="mt-2 flex flex-wrap items-center gap-2 text-xs text-muted-foreground">
                    <span className="inline-flex items-center gap-1">
                      <PriorityIcon priority={t.priority} />
                      {priorityLabel[t.priority]}
                    </span>
                    <SlaBadge sla={t.sla} />
                    <span className="ml-auto truncate">{t.assignee?.name ?? "Unassigned"}</span>
                  </div>
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </div>
  );
}
