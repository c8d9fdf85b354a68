import type { Priority, TicketStatus, TicketView } from "@switchboard/contracts";
import { ticketSorts, ticketStatuses } from "@switchboard/contracts/values";
import { Columns3, List, Plus, Search, Ticket as TicketIcon } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { Link, useLocation, useParams } from "wouter";
import { EmptyState, ErrorState } from "@/components/states";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { useMe } from "@/features/auth/queries";
import { priorityLabel } from "@/features/inbox/labels";
import { PriorityIcon } from "@/features/inbox/priority-icon";
import { useHotkeys } from "@/features/shortcuts/use-hotkeys";
import { SlaBadge } from "@/features/sla/sla-badge";
import { shortRelative } from "@/lib/time";
import { PRIORITIES } from "@/lib/types";
import { cn } from "@/lib/utils";
import { CreateTicketDialog, selectCls } from "./create-ticket-dialog";
import { type TicketFilters, statusLabel, statusVariant, useTickets } from "./queries";
import { TicketBoard } from "./ticket-board";
import { TicketBulkBar } from "./ticket-bulk-bar";
import { TicketDetailPage } from "./ticket-detail";
import { TicketViewsMenu } from "./ticket-views-menu";

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
  const me = useMe();
  const [, navigate] = useLocation();
  const [filters, setFilters] = useState<TicketFilters>({ status: "unsolved", sort: "updated" });
  const [search, setSearch] = useState("");
  const [board, setBoard] = useState(false);
  const [viewId, setViewId] = useState<string | null>(null);
  const [selected, setSelected] = useState<Set<string>>(() => new Set());
  const [focusedId, setFocusedId] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);
  // The board shows every status but closed; the list keeps the status filter as chosen.
  const queryFilters = board && filters.status === "unsolved" ? { ...filters, status: undefined } : filters;
  const list = useTickets(queryFilters);
  const loaded = list.data?.pages.flatMap((p) => p.items) ?? [];
  const items = board ? loaded.filter((t) => t.status !== "closed") : loaded;
  const set = (patch: Partial<TicketFilters>) => {
    setViewId(null);
    setFilters((f) => ({ ...f, ...patch }));
  };
  useEffect(() => {
    const q = search.trim() || undefined;
    const timer = setTimeout(() => setFilters((f) => (f.q === q ? f : { ...f, q })), 250);
    return () => clearTimeout(timer);
  }, [search]);
  const ids = items.map((t) => t.id);
  // Forget ticks of tickets that left the list (other filters, moved away by the bulk edit).
  const visibleSelected = ids.filter((id) => selected.has(id));
  const toggle = (id: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const allSelected = ids.length > 0 && visibleSelected.length === ids.length;
  const moveFocus = (step: number) => {
    if (!ids.length) return;
    const at = focusedId ? ids.indexOf(focusedId) : -1;
    const next = ids[Math.min(ids.length - 1, Math.max(0, at < 0 ? 0 : at + step))]!;
    setFocusedId(next);
    document.querySelector(`[data-ticket-id="${next}"]`)?.scrollIntoView({ block: "nearest" });
  };
  const open = () => focusedId && navigate(`/tickets/${focusedId}`);
  useHotkeys(
    {
      j: () => moveFocus(1),
      k: () => moveFocus(-1),
      Enter: open,
      e: open,
      x: () => focusedId && toggle(focusedId),
      b: () => setBoard((b) => !b),
      "/": () => searchRef.current?.focus(),
      Escape: () => setSelected(new Set()),
    },
    !creating,
  );
  const applyView = (v: TicketView) => {
    setFilters({ ...v.filters, sort: v.sort });
    setSearch(v.filters.q ?? "");
    setViewId(v.id);
  };
  return (
    <div className="flex h-full w-full min-w-0 flex-1 flex-col">
      <header className="flex flex-wrap items-center gap-2 border-b px-4 py-3">
        <h1 className="text-base font-semibold">Tickets</h1>
        <TicketViewsMenu filters={filters} activeId={viewId} onApply={applyView} />
        <div className="relative mr-auto">
          <Search className="pointer-events-none absolute top-1/2 left-2 size-3.5 -translate-y-1/2 text-muted-foreground" />
          <Input
            ref={searchRef}
            aria-label="Search tickets"
            placeholder="Search subject or #number  /"
            value={search}
            onChange={(e) => {
              setViewId(null);
              setSearch(e.target.value);
            }}
            className="h-8 w-56 pl-7"
            data-testid="ticket-search"
          />
        </div>
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
        <div className="flex rounded-md border p-0.5">
          <Button
            variant={board ? "ghost" : "secondary"}
            size="icon-sm"
            className="size-7"
            aria-label="List"
            aria-pressed={!board}
            onClick={() => setBoard(false)}
          >
            <List />
          </Button>
          <Button
            variant={board ? "secondary" : "ghost"}
            size="icon-sm"
            className="size-7"
            aria-label="Board (B)"
            aria-pressed={board}
            onClick={() => setBoard(true)}
            data-testid="ticket-board-toggle"
          >
            <Columns3 />
          </Button>
        </div>
        <Button size="sm" onClick={() => setCreating(true)} data-testid="new-ticket">
          <Plus /> New ticket
        </Button>
      </header>
      {visibleSelected.length ? (
        <TicketBulkBar ids={visibleSelected} meId={me.id} onDone={() => setSelected(new Set())} />
      ) : null}
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
        ) : board ? (
          <TicketBoard items={items} focusedId={focusedId} onFocus={setFocusedId} />
        ) : (
          <table className="w-full text-[13px]" data-testid="ticket-table">
            <thead className="sticky top-0 bg-background text-left text-xs text-muted-foreground">
              <tr className="border-b">
                <th className="w-8 py-2 pl-4">
                  <input
                    type="checkbox"
                    aria-label={allSelected ? "Clear the selection" : "Select every ticket on the page"}
                    checked={allSelected}
                    onChange={() => setSelected(allSelected ? new Set() : new Set(ids))}
                    className="size-3.5 accent-primary"
                    data-testid="ticket-select-all"
                  />
                </th>
                <th className="px-2 py-2 font-medium">Ticket</th>
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
                <tr
                  key={t.id}
                  data-ticket-id={t.id}
                  data-focused={focusedId === t.id || undefined}
                  aria-selected={selected.has(t.id)}
                  className={cn(
                    "border-b hover:bg-accent/50",
                    selected.has(t.id) && "bg-primary/[0.05]",
                    focusedId === t.id && "shadow-[inset_2px_0_0_var(--color-primary)] bg-accent/60",
                  )}
                >
                  <td className="py-2 pl-4">
                    <input
                      type="checkbox"
                      aria-label={`Select #${t.number}`}
                      checked={selected.has(t.id)}
                      onChange={() => {
                        toggle(t.id);
                        setFocusedId(t.id);
                      }}
                      className="size-3.5 accent-primary"
                      data-testid="ticket-select"
                    />
                  </td>
                  <td className="px-2 py-2">
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
