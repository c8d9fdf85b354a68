import type { Priority, TicketStatus } from "@switchboard/contracts";
import { ticketSorts, ticketStatuses } from "@switchboard/contracts/values";
import { Plus, Ticket as TicketIcon } from "lucide-react";
import { useState } from "react";
import { Link, useParams } from "wouter";
import { EmptyState, ErrorState } from "@/components/states";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { priorityLabel } from "@/features/inbox/labels";
import { PriorityIcon } from "@/features/inbox/priority-icon";
import { SlaBadge } from "@/features/sla/sla-badge";
import { shortRelative } from "@/lib/time";
import { PRIORITIES } from "@/lib/types";
import { cn } from "@/lib/utils";
import { CreateTicketDialog, selectCls } from "./create-ticket-dialog";
import { type TicketFilters, statusLabel, statusVariant, useTickets } from "./queries";
import { TicketDetailPage } from "./ticket-detail";

export default function TicketsPage() {
  const params = useParams<{ id?: string }>();
  if (params.id) return <TicketDetailPage id={params.id} />;
  return <TicketList />;
}

const sortLabel: Record<(typeof ticketSorts)[number], string> = {
  updated: "Recently updated",
  created: "Newest",
  priority: "Priority",
  due: "Due soonest",
  sla: "Next SLA deadline",
};

function TicketList() {
  const [filters, setFilters] = useState<TicketFilters>({ status: "unsolved", sort: "updated" });
  const [creating, setCreating] = useState(false);
  const list = useTickets(filters);
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const set = (patch: Partial<TicketFilters>) => setFilters((f) => ({ ...f, ...patch }));
  return (
    <div className="flex h-full w-full min-w-0 flex-1 flex-col">
      <header className="flex flex-wrap items-center gap-2 border-b px-4 py-3">
        <h1 className="mr-auto text-base font-semibold">Tickets</h1>
        <select
          aria-label="Status"
          className={cn(selectCls, "w-36")}
          value={filters.status ?? ""}
          onChange={(e) => set({ status: (e.target.value || undefined) as TicketFilters["status"] })}
          data-testid="ticket-filter-status"
        >
          <option value="unsolved">Unsolved</option>
          <option value="">All statuses</option>
          {ticketStatuses.map((s) => (
            <option key={s} value={s}>
              {statusLabel[s]}
            </option>
          ))}
        </select>
        <select
          aria-label="Priority"
          className={cn(selectCls, "w-32")}
          value={filters.priority ?? ""}
          onChange={(e) => set({ priority: (e.target.value || undefined) as Priority | undefined })}
        >
          <option value="">Any priority</option>
          {[...PRIORITIES].reverse().map((p) => (
            <option key={p} value={p}>
              {priorityLabel[p]}
            </option>
          ))}
        </select>
        <select
          aria-label="Assignee"
          className={cn(selectCls, "w-36")}
          value={filters.assignee ?? ""}
          onChange={(e) => set({ assignee: (e.target.value || undefined) as TicketFilters["assignee"] })}
        >
          <option value="">Anyone</option>
          <option value="me">Assigned to me</option>
          <option value="unassigned">Unassigned</option>
        </select>
        <select
          aria-label="SLA"
          className={cn(selectCls, "w-32")}
          value={filters.sla ?? ""}
          onChange={(e) => set({ sla: (e.target.value || undefined) as TicketFilters["sla"] })}
          data-testid="ticket-filter-sla"
        >
          <option value="">Any SLA</option>
          <option value="breached">Breached</option>
          <option value="at_risk">At risk</option>
          <option value="ok">On track</option>
        </select>
        <select
          aria-label="Sort"
          className={cn(selectCls, "w-40")}
          value={filters.sort}
          onChange={(e) => set({ sort: e.target.value as TicketFilters["sort"] })}
        >
          {ticketSorts.map((s) => (
            <option key={s} value={s}>
              {sortLabel[s]}
            </option>
          ))}
        </select>
        <Button size="sm" onClick={() => setCreating(true)} data-testid="new-ticket">
          <Plus /> New ticket
        </Button>
      </header>
      <div className="min-h-0 flex-1 overflow-auto">
        {list.isPending ? (
          <div className="space-y-2 p-4">
            {[0, 1, 2].map((i) => (
              <Skeleton key={i} className="h-10 w-full" />
            ))}
          </div>
        ) : list.isError ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        ) : !items.length ? (
          <EmptyState
            icon={<TicketIcon />}
            title="No tickets here"
            description="Create one for follow-up work, or from a conversation's menu."
            action={<Button onClick={() => setCreating(true)}>New ticket</Button>}
          />
        ) : (
          <table className="w-full text-[13px]" data-testid="ticket-table">
            <thead className="sticky top-0 bg-background text-left text-xs text-muted-foreground">
              <tr className="border-b">
                <th className="px-4 py-2 font-medium">Ticket</th>
                <th className="px-2 py-2 font-medium">Status</th>
                <th className="px-2 py-2 font-medium">Priority</th>
                <th className="px-2 py-2 font-medium">SLA</th>
                <th className="px-2 py-2 font-medium">Requester</th>
                <th className="px-2 py-2 font-medium">Assignee</th>
                <th className="px-4 py-2 text-right font-medium">Updated</th>
              </tr>
            </thead>
            <tbody>
              {items.map((t) => (
                <tr key={t.id} className="border-b hover:bg-accent/50">
                  <td className="px-4 py-2">
                    <Link href={`/tickets/${t.id}`} className="font-medium hover:underline">
                      <span className="mr-1.5 text-muted-foreground tabular-nums">#{t.number}</span>
                      {t.subject}
                    </Link>
                    {t.tags.length ? (
                      <div className="mt-0.5 flex flex-wrap gap-1">
                        {t.tags.map((tag) => (
                          <Badge key={tag} variant="outline" className="px-1.5 py-0 text-[11px]">
                            {tag}
                          </Badge>
                        ))}
                      </div>
                    ) : null}
                  </td>
                  <td className="px-2 py-2">
                    <Badge variant={statusVariant(t.status as TicketStatus)}>{statusLabel[t.status]}</Badge>
                  </td>
                  <td className="px-2 py-2">
                    <span className="inline-flex items-center gap-1">
                      <PriorityIcon priority={t.priority} />
                      {priorityLabel[t.priority]}
                    </span>
                  </td>
                  <td className="px-2 py-2">
                    <SlaBadge sla={t.sla} />
                  </td>
                  <td className="px-2 py-2">{t.requester?.name ?? t.requester?.email ?? "—"}</td>
                  <td className="px-2 py-2">{t.assignee?.name ?? <span className="text-muted-foreground">—</span>}</td>
                  <td className="px-4 py-2 text-right text-muted-foreground tabular-nums">
                    {shortRelative(t.updatedAt)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {list.hasNextPage ? (
          <div className="p-3 text-center">
            <Button
              variant="outline"
              size="sm"
              disabled={list.isFetchingNextPage}
              onClick={() => void list.fetchNextPage()}
            >
              Load more
            </Button>
          </div>
        ) : null}
      </div>
      {creating ? <CreateTicketDialog onClose={() => setCreating(false)} /> : null}
    </div>
  );
}
