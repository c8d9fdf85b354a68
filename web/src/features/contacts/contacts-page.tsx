import { channelTypes } from "@switchboard/contracts/values";
import { Download, Plus, Search, SearchX, Upload, Users, X } from "lucide-react";
import { type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useLocation, useParams } from "wouter";
import { channelLabel } from "@/components/channel-icon";
import { EmptyState, ErrorState } from "@/components/states";
import { Button } from "@/components/ui/button";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Spinner } from "@/components/ui/spinner";
import { Tooltip } from "@/components/ui/tooltip";
import { useMe } from "@/features/auth/queries";
import { useLabels } from "@/features/labels/queries";
import { useHotkeys } from "@/features/shortcuts/use-hotkeys";
import { withQuery } from "@/lib/api";
import type { ChannelType } from "@/lib/types";
import { cn } from "@/lib/utils";
import { ContactProfile } from "./contact-profile";
import { ContactsTable, TableSkeleton } from "./contacts-table";
import { DemoNotice } from "./demo-data";
import { ImportWizard } from "./import/import-wizard";
import { NewContactDialog } from "./new-contact-dialog";
import { type ContactTableFilter, defaultTableFilter, tableQuery, useContactTable } from "./queries";
import { SegmentsView } from "./segments/segments-view";

function Chip({
  on,
  onClick,
  children,
  testId,
}: {
  on: boolean;
  onClick: () => void;
  children: ReactNode;
  testId: string;
}) {
  return (
    <button
      type="button"
      aria-pressed={on}
      data-testid={testId}
      onClick={onClick}
      className={cn(
        "inline-flex h-8 items-center gap-1 rounded-md border px-2.5 text-[12.5px] font-medium whitespace-nowrap outline-none focus-visible:ring-2 focus-visible:ring-ring/50",
        on
          ? "border-primary/40 bg-primary/10 text-foreground"
          : "border-input bg-background text-muted-foreground hover:bg-accent dark:bg-input/20",
      )}
    >
      {children}
    </button>
  );
}

export default function ContactsPage() {
  const params = useParams<{ id?: string }>();
  const selectedId = params.id ?? null;
  const [, navigate] = useLocation();
  const me = useMe();
  const admin = me.role === "admin";
  const [input, setInput] = useState("");
  const [filter, setFilter] = useState<ContactTableFilter>(defaultTableFilter);
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);
  const [view, setView] = useState<"contacts" | "segments">("contacts");
  const searchRef = useRef<HTMLInputElement>(null);
  const list = useContactTable(filter);
  const labels = useLabels();
  const rows = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const patch = (p: Partial<ContactTableFilter>) => setFilter((f) => ({ ...f, ...p }));

  useEffect(() => {
    const t = setTimeout(() => setFilter((f) => (f.q === input.trim() ? f : { ...f, q: input.trim() })), 250);
    return () => clearTimeout(t);
  }, [input]);
  useHotkeys({
    "/": () => searchRef.current?.focus(),
    n: () => setCreating(true),
    Escape: () => (selectedId ? navigate("/contacts") : undefined),
  });
  const { fetchNextPage, isFetchingNextPage } = list;
  const loadMore = useCallback(() => {
    if (!isFetchingNextPage) void fetchNextPage();
  }, [fetchNextPage, isFetchingNextPage]);

  const filtered = !!(filter.q || filter.channel || filter.hasPhone || filter.hasEmail || filter.label);
  let body: ReactNode;
  if (list.isPending) body = <TableSkeleton />;
  else if (list.isError && rows.length === 0)
    body = <ErrorState error={list.error} title="Couldn't load contacts" onRetry={() => void list.refetch()} />;
  else if (rows.length === 0)
    body = filtered ? (
      <EmptyState
        icon={<SearchX />}
        title="No matches"
        description={
          filter.q ? `No contact matches “${filter.q}” with these filters.` : "No contact matches these filters."
        }
        action={
          <Button
            variant="outline"
            size="sm"
            onClick={() => {
              setInput("");
              setFilter((f) => ({ ...defaultTableFilter, sort: f.sort, dir: f.dir }));
            }}
          >
            Clear filters
          </Button>
        }
      />
    ) : (
      <EmptyState
        icon={<Users />}
        title="No contacts yet"
        description="People who write to you on any channel appear here. You can also add one by hand."
        action={
          <Button size="sm" onClick={() => setCreating(true)}>
            <Plus /> New contact
          </Button>
        }
      />
    );
  else
    body = (
      <ContactsTable
        rows={rows}
        sort={{ sort: filter.sort, dir: filter.dir }}
        onSort={(s) => patch(s)}
        selectedId={selectedId}
        hasMore={!!list.hasNextPage}
        loadingMore={list.isFetchingNextPage}
        onLoadMore={loadMore}
      />
    );

  return (
    <div className="flex h-full min-w-0 flex-1">
      <div className="flex min-w-0 flex-1 flex-col">
        <DemoNotice />
        <div className="flex flex-col gap-2.5 border-b px-4 pt-3 pb-3">
          <div className="flex items-center gap-2">
            <h1 className="text-[15px] font-semibold tracking-tight">Contacts</h1>
            {list.isFetching && !list.isPending ? <Spinner className="size-3.5 text-muted-foreground" /> : null}
            <div className="ml-2 flex gap-1" role="tablist" aria-label="View">
              <Chip testId="view-contacts" on={view === "contacts"} onClick={() => setView("contacts")}>
                All contacts
              </Chip>
              <Chip testId="view-segments" on={view === "segments"} onClick={() => setView("segments")}>
                Segments
              </Chip>
            </div>
            <div className="ml-auto flex items-center gap-2">
              {admin ? (
                <Button variant="outline" size="sm" onClick={() => setImporting(true)} data-testid="import-contacts">
                  <Upload /> Import CSV
                </Button>
              ) : null}
              {admin ? (
                <Tooltip content="Download the contacts shown (this filter and sort) as CSV">
                  <Button variant="outline" size="sm" asChild>
                    <a
                      href={withQuery("/api/contacts/export", tableQuery(filter))}
                      download
                      data-testid="export-contacts"
                    >
                      <Download /> Export CSV
                    </a>
                  </Button>
                </Tooltip>
              ) : null}
              <Button size="sm" onClick={() => setCreating(true)} data-testid="new-contact">
                <Plus /> New contact
              </Button>
            </div>
          </div>
          <div className={cn("flex flex-wrap items-center gap-2", view === "segments" && "hidden")}>
            <div className="relative min-w-[200px] flex-1">
              <Search
                aria-hidden
                className="pointer-events-none absolute top-1/2 left-2.5 size-3.5 -translate-y-1/2 text-muted-foreground"
              />
              <input
                ref={searchRef}
                type="search"
                aria-label="Search contacts"
                placeholder="Search by name, email or phone (any format)"
                value={input}
                onChange={(e) => setInput(e.target.value)}
                className="h-8 w-full rounded-md border border-input bg-background pr-2.5 pl-8 text-[13px] shadow-xs outline-none placeholder:text-muted-foreground/80 focus-visible:border-ring focus-visible:ring-2 focus-visible:ring-ring/30 dark:bg-input/20"
              />
            </div>
            <Select
              value={filter.channel ?? "all"}
              onValueChange={(v) => patch({ channel: v === "all" ? null : (v as ChannelType) })}
            >
              <SelectTrigger className="h-8 w-[150px] text-[12.5px]" aria-label="Channel" data-testid="channel-filter">
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                <SelectItem value="all">All channels</SelectItem>
                {channelTypes.map((t) => (
                  <SelectItem key={t} value={t}>
                    {channelLabel(t)}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
            {labels.data?.length ? (
              <Select value={filter.label ?? "all"} onValueChange={(v) => patch({ label: v === "all" ? null : v })}>
                <SelectTrigger className="h-8 w-[140px] text-[12.5px]" aria-label="Label" data-testid="label-filter">
                  <SelectValue />
                </SelectTrigger>
                <SelectContent>
                  <SelectItem value="all">All labels</SelectItem>
                  {labels.data.map((l) => (
                    <SelectItem key={l.id} value={l.id}>
                      <span aria-hidden className="size-2 rounded-full" style={{ backgroundColor: l.color }} />
                      {l.name}
                    </SelectItem>
                  ))}
                </SelectContent>
              </Select>
            ) : null}
            <Chip
              testId="filter-phone"
              on={!!filter.hasPhone}
              onClick={() => patch({ hasPhone: filter.hasPhone ? null : true })}
            >
              Has phone
            </Chip>
            <Chip
              testId="filter-email"
              on={!!filter.hasEmail}
              onClick={() => patch({ hasEmail: filter.hasEmail ? null : true })}
            >
              Has email
            </Chip>
          </div>
        </div>
        {view === "segments" ? (
          <SegmentsView admin={admin} />
        ) : (
          <div className="scrollbar-thin @container min-h-0 flex-1 overflow-y-auto">{body}</div>
        )}
      </div>
      {selectedId ? (
        <aside
          aria-label="Contact details"
          className="scrollbar-thin relative flex w-[360px] shrink-0 flex-col overflow-y-auto border-l bg-card"
        >
          <Button
            variant="ghost"
            size="icon-sm"
            className="absolute top-3 right-3 z-10"
            aria-label="Close contact details"
            onClick={() => navigate("/contacts")}
          >
            <X />
          </Button>
          <ContactProfile
            key={selectedId}
            contactId={selectedId}
            onMerged={(id) => navigate(`/contacts/${id}`, { replace: id !== selectedId })}
            onDeleted={() => navigate("/contacts", { replace: true })}
          />
        </aside>
      ) : null}
      {admin ? <ImportWizard open={importing} onOpenChange={setImporting} /> : null}
      <NewContactDialog open={creating} onOpenChange={setCreating} onCreated={(id) => navigate(`/contacts/${id}`)} />
    </div>
  );
}
