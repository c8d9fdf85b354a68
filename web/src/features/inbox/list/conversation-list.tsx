import { useVirtualizer } from "@tanstack/react-virtual";
import { Inbox, RotateCw, SearchX, WifiOff } from "lucide-react";
import { Link } from "wouter";
import { type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { EmptyState, ErrorState } from "@/components/states";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { Spinner } from "@/components/ui/spinner";
import { useMe } from "@/features/auth/queries";
import { useRealtime } from "@/features/realtime/realtime-provider";
import { cn } from "@/lib/utils";
import { defaultFilters } from "../filters";
import { useInbox } from "../inbox-context";
import { useConversationList } from "../queries";
import { BulkBar } from "./bulk-bar";
import { ConversationRow, ROW_HEIGHT } from "./conversation-row";
import { keepVisible, selectRange, toggleOne } from "./selection";
import { useMoveOn } from "./use-move-on";

function useNow(intervalMs: number) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(t);
  }, [intervalMs]);
  return now;
}

export function RowSkeleton() {
  return (
    <div className="flex gap-2.5 border-b border-border/60 px-3 py-3" style={{ height: ROW_HEIGHT }}>
      <Skeleton className="size-8 rounded-full" />
      <div className="flex flex-1 flex-col gap-2">
        <div className="flex justify-between">
          <Skeleton className="h-3 w-28" />
          <Skeleton className="h-3 w-6" />
        </div>
        <Skeleton className="h-3 w-4/5" />
        <Skeleton className="h-2.5 w-16" />
      </div>
    </div>
  );
}

export function ConversationList({ selectedId }: { selectedId: string | null }) {
  const me = useMe();
  const { filters, setFilters, listIds, selection, setSelection } = useInbox();
  const { status: socket } = useRealtime();
  const query = useConversationList(filters, me.id);
  const { data, isPending, isError, error, refetch, hasNextPage, isFetchingNextPage, fetchNextPage } = query;
  const items = useMemo(() => data?.pages.flatMap((p) => p.items) ?? [], [data]);
  const now = useNow(30_000);
  const scrollRef = useRef<HTMLDivElement>(null);

  const order = useMemo(() => items.map((c) => c.id), [items]);
  useEffect(() => {
    listIds.current = order;
    setSelection((sel) => keepVisible(sel, order));
  }, [order, listIds, setSelection]);
  useMoveOn(selectedId, order);

  const onCheck = useCallback(
    (id: string, range: boolean) =>
      setSelection((sel) => (range ? selectRange(sel, listIds.current, id) : toggleOne(sel, id))),
    [setSelection, listIds],
  );
  const selecting = selection.ids.size > 0;
  // Keep what was loaded on screen while the server cannot be reached: marked stale, never replaced.
  const offline = (isError && items.length > 0) || socket === "reconnecting";

  const virtualizer = useVirtualizer({
    count: items.length + (hasNextPage ? 1 : 0),
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    getItemKey: (i) => items[i]?.id ?? `loader-${i}`,
  });
  const virtualItems = virtualizer.getVirtualItems();
  const lastIndex = virtualItems[virtualItems.length - 1]?.index ?? 0;

  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && lastIndex >= items.length - 5) void fetchNextPage();
  }, [lastIndex, items.length, hasNextPage, isFetchingNextPage, fetchNextPage]);

  const selectedIndex = selectedId ? items.findIndex((c) => c.id === selectedId) : -1;
  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: "auto" });
  }, [selectedIndex, virtualizer]);

  const filtered =
    filters.q || filters.channelId || filters.priority || filters.label || filters.status !== defaultFilters.status;

  let body: ReactNode;
  if (isPending) {
    body = Array.from({ length: 8 }, (_, i) => (
      // biome-ignore lint/suspicious/noArrayIndexKey: static placeholders
      <RowSkeleton key={i} />
    ));
  } else if (isError && items.length === 0) {
    body = <ErrorState error={error} title="Couldn't load conversations" onRetry={() => void refetch()} />;
  } else if (items.length === 0) {
    body = filters.q ? (
      <EmptyState icon={<SearchX />} title="No matches" description={`Nothing matches “${filters.q}” in this view.`} />
    ) : (
      <EmptyState
        icon={<Inbox />}
        title="No conversations here"
        description={
          filters.view === "mine"
            ? "Conversations assigned to you will show up here."
            : "New conversations from your channels appear here in real time."
        }
        action={
          filtered ? (
            <Button
              variant="outline"
              size="sm"
              onClick={() => setFilters({ status: "open", channelId: null, priority: null, label: null, q: "" })}
            >
              Reset filters
            </Button>
          ) : me.role === "admin" && filters.view !== "mine" ? (
            <Button variant="outline" size="sm" asChild>
              <Link href="/settings/channels">Set up channels</Link>
            </Button>
          ) : null
        }
      />
    );
  } else {
    body = (
      <ul aria-label="Conversations" className="relative w-full" style={{ height: virtualizer.getTotalSize() }}>
        {virtualItems.map((v) => {
          const c = items[v.index];
          if (!c) {
            return (
              <li
                key={v.key}
                className="absolute top-0 left-0 flex w-full items-center justify-center text-muted-foreground"
                style={{ height: v.size, transform: `translateY(${v.start}px)` }}
              >
                <Spinner />
              </li>
            );
          }
          return (
            <li
              key={v.key}
              className="absolute top-0 left-0 w-full"
              style={{ height: v.size, transform: `translateY(${v.start}px)` }}
            >
              <ConversationRow
                conversation={c}
                selected={c.id === selectedId}
                now={now}
                meId={me.id}
                checked={selection.ids.has(c.id)}
                selecting={selecting}
                onCheck={onCheck}
              />
            </li>
          );
        })}
      </ul>
    );
  }

  return (
    <>
      {selecting ? <BulkBar order={order} meId={me.id} /> : null}
      <div
        ref={scrollRef}
        className={cn("scrollbar-thin min-h-0 flex-1 overflow-y-auto transition-opacity", offline && "opacity-60")}
        aria-busy={isPending}
        data-stale={offline || undefined}
      >
        {body}
      </div>
      {offline ? <OfflineStrip failed={isError} onRetry={() => void refetch()} /> : null}
    </>
  );
}

/** In the flow under the list (it covers no row): the rows above are what was loaded before. */
function OfflineStrip({ failed, onRetry }: { failed: boolean; onRetry: () => void }) {
  return (
    <div
      role="status"
      data-testid="list-offline"
      className="flex shrink-0 items-center gap-2 border-t border-amber-300 bg-amber-50 px-3 py-1.5 text-[12px] font-medium text-amber-900 dark:border-amber-500/40 dark:bg-amber-950 dark:text-amber-200"
    >
      <WifiOff className="size-3.5 shrink-0" />
      <span className="min-w-0 flex-1">Offline — showing what was loaded</span>
      {failed ? (
        <button
          type="button"
          onClick={onRetry}
          className="flex items-center gap-1 rounded px-1.5 py-0.5 hover:bg-amber-500/15"
        >
          <RotateCw className="size-3" /> Retry
        </button>
      ) : null}
    </div>
  );
}
