import { ArrowDownUp, ListFilter, Search, X } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { ChannelIcon } from "@/components/channel-icon";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuRadioGroup,
  DropdownMenuRadioItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { Kbd } from "@/components/ui/kbd";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Tabs, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { useMe } from "@/features/auth/queries";
import { useConversationCounts, useLabels } from "@/features/labels/queries";
import { useSandboxInfo } from "@/features/sandbox/queries";
import { conversationSorts, type ConversationSort } from "@switchboard/contracts/values";
import { PRIORITIES, type Priority, STATUS_FILTERS, type StatusFilter } from "@/lib/types";
import { cn } from "@/lib/utils";
import type { InboxView } from "../filters";
import { useInbox } from "../inbox-context";
import { priorityLabel, statusLabel } from "../labels";
import { PriorityIcon } from "../priority-icon";
import { useChannelOptions } from "./use-channel-options";

/** Rendered when the menu opens, so channels seen in freshly loaded conversations are included. */
function ChannelItems({ value, onChange }: { value: string | null; onChange: (id: string | null) => void }) {
  const channels = useChannelOptions();
  const sandbox = useSandboxInfo().data;
  return (
    <DropdownMenuRadioGroup value={value ?? ""} onValueChange={(v) => onChange(v || null)}>
      <DropdownMenuRadioItem value="">All channels</DropdownMenuRadioItem>
      {channels.map((c) => (
        <DropdownMenuRadioItem key={c.id} value={c.id}>
          <ChannelIcon type={c.type} />
          <span className="truncate">{c.name}</span>
          {sandbox?.channels.some((s) => s.id === c.id) ? (
            <span className="ml-auto pl-2 text-[10.5px] font-medium text-amber-700 dark:text-amber-400">Sandbox</span>
          ) : null}
        </DropdownMenuRadioItem>
      ))}
    </DropdownMenuRadioGroup>
  );
}

const sortLabel: Record<ConversationSort, string> = {
  newest: "Newest activity",
  oldest_waiting: "Oldest waiting",
  priority: "Priority",
};

function LabelItems({ value, onChange }: { value: string | null; onChange: (id: string | null) => void }) {
  const labels = useLabels();
  if (!labels.data?.length) return <p className="px-2 py-1.5 text-[12.5px] text-muted-foreground">No labels yet</p>;
  return (
    <DropdownMenuRadioGroup value={value ?? ""} onValueChange={(v) => onChange(v || null)}>
      <DropdownMenuRadioItem value="">Any label</DropdownMenuRadioItem>
      {labels.data.map((l) => (
        <DropdownMenuRadioItem key={l.id} value={l.id}>
          <span aria-hidden className="size-2 shrink-0 rounded-full" style={{ backgroundColor: l.color }} />
          <span className="truncate">{l.name}</span>
        </DropdownMenuRadioItem>
      ))}
    </DropdownMenuRadioGroup>
  );
}

function TabCount({ n }: { n: number | undefined }) {
  if (n === undefined) return null;
  return (
    <span className="ml-1 rounded-full bg-foreground/[0.07] px-1.5 text-[10.5px] font-semibold tabular-nums text-muted-foreground">
      {n > 999 ? "999+" : n}
    </span>
  );
}

export function ListHeader() {
  const { filters, setFilters, commands } = useInbox();
  const me = useMe();
  const counts = useConversationCounts(filters, me.id).data;
  const searchRef = useRef<HTMLInputElement>(null);
  const [q, setQ] = useState(filters.q);

  useEffect(() => {
    const t = setTimeout(() => {
      if (q.trim() !== filters.q.trim()) setFilters({ q });
    }, 250);
    return () => clearTimeout(t);
  }, [q, filters.q, setFilters]);

  useEffect(() => {
    commands.current.focusSearch = () => {
      searchRef.current?.focus();
      searchRef.current?.select();
    };
  }, [commands]);

  const activeFilters = (filters.channelId ? 1 : 0) + (filters.priority ? 1 : 0) + (filters.label ? 1 : 0);

  return (
    <div className="flex flex-col gap-2.5 border-b px-3 pt-3 pb-2.5">
      <div className="flex items-center justify-between gap-2">
        <h1 className="text-[15px] font-semibold tracking-tight">Inbox</h1>
        <Select value={filters.status} onValueChange={(v) => setFilters({ status: v as StatusFilter })}>
          <SelectTrigger
            size="sm"
            className="w-auto gap-1 border-transparent bg-transparent px-2 shadow-none hover:bg-accent dark:bg-transparent dark:hover:bg-accent"
            aria-label="Status"
          >
            <SelectValue />
          </SelectTrigger>
          <SelectContent align="end">
            {STATUS_FILTERS.map((s) => (
              <SelectItem key={s} value={s}>
                {statusLabel[s]}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
      </div>
      <Tabs value={filters.view} onValueChange={(v) => setFilters({ view: v as InboxView })}>
        <TabsList className="w-full">
          <TabsTrigger value="mine" data-testid="tab-mine">
            Mine
            <TabCount n={counts?.mine} />
          </TabsTrigger>
          <TabsTrigger value="unassigned" data-testid="tab-unassigned">
            Unassigned
            <TabCount n={counts?.unassigned} />
          </TabsTrigger>
          <TabsTrigger value="all" data-testid="tab-all">
            All
            <TabCount n={counts?.all} />
          </TabsTrigger>
        </TabsList>
      </Tabs>
      <div className="flex items-center gap-1.5">
        <div className="relative flex-1">
          <Search
            aria-hidden
            className="pointer-events-none absolute top-1/2 left-2.5 size-3.5 -translate-y-1/2 text-muted-foreground"
          />
          <input
            ref={searchRef}
            type="search"
            aria-label="Search conversations"
            placeholder="Search conversations"
            value={q}
            onChange={(e) => setQ(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Escape") {
                setQ("");
                setFilters({ q: "" });
                e.currentTarget.blur();
              }
            }}
            className="h-8 w-full rounded-md border border-input bg-background pr-8 pl-8 text-[13px] shadow-xs outline-none placeholder:text-muted-foreground/80 focus-visible:border-ring focus-visible:ring-2 focus-visible:ring-ring/30 dark:bg-input/20 [&::-webkit-search-cancel-button]:hidden"
          />
          {q ? (
            <button
              type="button"
              aria-label="Clear search"
              onClick={() => {
                setQ("");
                setFilters({ q: "" });
              }}
              className="absolute top-1/2 right-1.5 -translate-y-1/2 rounded p-0.5 text-muted-foreground hover:bg-accent"
            >
              <X className="size-3.5" />
            </button>
          ) : (
            <Kbd className="pointer-events-none absolute top-1/2 right-1.5 -translate-y-1/2">/</Kbd>
          )}
        </div>
        <DropdownMenu>
          <DropdownMenuTrigger asChild>
            <Button
              variant="outline"
              size="icon"
              aria-label={`Sort: ${sortLabel[filters.sort]}`}
              data-testid="sort-menu"
              className={cn(filters.sort !== "newest" && "text-primary")}
            >
              <ArrowDownUp />
            </Button>
          </DropdownMenuTrigger>
          <DropdownMenuContent align="end" className="w-48">
            <DropdownMenuLabel>Sort by</DropdownMenuLabel>
            <DropdownMenuRadioGroup
              value={filters.sort}
              onValueChange={(v) => setFilters({ sort: v as ConversationSort })}
            >
              {conversationSorts.map((o) => (
                <DropdownMenuRadioItem key={o} value={o}>
                  {sortLabel[o]}
                </DropdownMenuRadioItem>
              ))}
            </DropdownMenuRadioGroup>
          </DropdownMenuContent>
        </DropdownMenu>
        <DropdownMenu>
          <DropdownMenuTrigger asChild>
            <Button
              variant="outline"
              size="icon"
              aria-label="Filters"
              className={cn("relative", activeFilters && "text-primary")}
            >
              <ListFilter />
              {activeFilters ? (
                <span className="absolute -top-1 -right-1 flex size-4 items-center justify-center rounded-full bg-primary text-[10px] font-semibold text-primary-foreground">
                  {activeFilters}
                </span>
              ) : null}
            </Button>
          </DropdownMenuTrigger>
          <DropdownMenuContent align="end" className="max-h-[70vh] w-56 overflow-y-auto">
            <DropdownMenuLabel>Channel</DropdownMenuLabel>
            <ChannelItems value={filters.channelId} onChange={(channelId) => setFilters({ channelId })} />
            <DropdownMenuSeparator />
            <DropdownMenuLabel>Priority</DropdownMenuLabel>
            <DropdownMenuRadioGroup
              value={filters.priority ?? ""}
              onValueChange={(v) => setFilters({ priority: (v || null) as Priority | null })}
            >
              <DropdownMenuRadioItem value="">Any priority</DropdownMenuRadioItem>
              {[...PRIORITIES].reverse().map((p) => (
                <DropdownMenuRadioItem key={p} value={p}>
                  <PriorityIcon priority={p} />
                  {priorityLabel[p]}
                </DropdownMenuRadioItem>
              ))}
            </DropdownMenuRadioGroup>
            <DropdownMenuSeparator />
            <DropdownMenuLabel>Label</DropdownMenuLabel>
            <LabelItems value={filters.label} onChange={(label) => setFilters({ label })} />
            {activeFilters ? (
              <>
                <DropdownMenuSeparator />
                <DropdownMenuItem onSelect={() => setFilters({ channelId: null, priority: null, label: null })}>
                  <X /> Clear filters
                </DropdownMenuItem>
              </>
            ) : null}
          </DropdownMenuContent>
        </DropdownMenu>
      </div>
    </div>
  );
}
