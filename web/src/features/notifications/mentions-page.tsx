import type { Notification } from "@switchboard/contracts";
import { AlarmClock, AtSign, CheckCheck, UserPlus } from "lucide-react";
import { useEffect } from "react";
import { useLocation } from "wouter";
import { EmptyState, ErrorState } from "@/components/states";
import { Avatar } from "@/components/ui/avatar";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { Spinner } from "@/components/ui/spinner";
import { useMe } from "@/features/auth/queries";
import { type Mention, withMentions } from "@/features/inbox/thread/mentions";
import { fullTime, shortRelative } from "@/lib/time";
import { cn } from "@/lib/utils";
import { useMarkNotificationsRead, useNotificationList } from "./queries";

type View = "mention" | "all";

function Row({ n, me, onOpen }: { n: Notification; me: Mention; onOpen: (n: Notification) => void }) {
  const unread = n.readAt === null;
  const who = n.actor.name ?? "A teammate";
  return (
    <li>
      <button
        type="button"
        data-testid="notification-row"
        data-unread={unread || undefined}
        onClick={() => onOpen(n)}
        className={cn(
          "flex w-full items-start gap-3 border-b px-5 py-3 text-left outline-none transition-colors hover:bg-accent/60 focus-visible:bg-accent",
          unread ? "bg-primary/[0.04] dark:bg-primary/[0.08]" : "",
        )}
      >
        <span className="relative mt-0.5">
          <Avatar name={who} seed={n.actor.id ?? who} size="md" />
          <span className="absolute -right-1 -bottom-1 flex size-4 items-center justify-center rounded-full bg-background text-muted-foreground ring-1 ring-border [&_svg]:size-2.5">
            {n.type === "mention" ? <AtSign /> : n.type.startsWith("sla_") ? <AlarmClock /> : <UserPlus />}
          </span>
        </span>
        <span className="min-w-0 flex-1">
          <span className="flex items-baseline gap-2">
            <span className={cn("min-w-0 flex-1 truncate text-[13px]", unread ? "font-semibold" : "font-medium")}>
              {n.type === "mention"
                ? `${who} mentioned you`
                : n.type === "sla_warning"
                  ? "SLA at risk"
                  : n.type === "sla_breached"
                    ? "SLA breached"
                    : `${who} assigned a conversation to you`}
              {n.contactName ? <span className="font-normal text-muted-foreground"> · {n.contactName}</span> : null}
            </span>
            <time
              dateTime={n.createdAt}
              title={fullTime(n.createdAt)}
              className="shrink-0 text-[11px] text-muted-foreground"
            >
              {shortRelative(n.createdAt)}
            </time>
            {unread ? (
              <span className="size-2 shrink-0 rounded-full bg-primary">
                <span className="sr-only">Unread</span>
              </span>
            ) : null}
          </span>
          <span className="mt-1 line-clamp-2 text-[12.5px] whitespace-pre-wrap text-muted-foreground">
            {n.type === "mention" ? withMentions(n.excerpt, [me], me.id) : n.excerpt}
          </span>
        </span>
      </button>
    </li>
  );
}

function ListSkeleton() {
  return (
    <ul aria-busy="true" className="flex flex-col">
      {[0, 1, 2, 3].map((i) => (
        <li key={i} className="flex gap-3 border-b px-5 py-3">
          <Skeleton className="size-8 rounded-full" />
          <div className="flex flex-1 flex-col gap-2">
            <Skeleton className="h-3.5 w-1/2" />
            <Skeleton className="h-3 w-4/5" />
          </div>
        </li>
      ))}
    </ul>
  );
}

/**
 * The notes where I was mentioned (and, under "All", conversations assigned to me), unread first.
 * Opening one marks it read and opens the thread at the note.
 */
export default function MentionsPage() {
  const [location, setLocation] = useLocation();
  const user = useMe();
  const me = { id: user.id, name: user.name };
  const view: View = location.endsWith("/all") ? "all" : "mention";
  const q = useNotificationList(view);
  const markRead = useMarkNotificationsRead();
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  const unread = q.data?.pages[0]?.unread ?? 0;

  useEffect(() => {
    document.getElementById("mentions-heading")?.focus();
  }, []);

  const open = (n: Notification) => {
    if (n.readAt === null) markRead.mutate({ ids: [n.id] });
    setLocation(n.messageId ? `/inbox/${n.conversationId}?message=${n.messageId}` : `/inbox/${n.conversationId}`);
  };

  return (
    <div className="flex h-full min-w-0 flex-1 flex-col">
      <header className="flex items-center gap-3 border-b px-5 py-3">
        <h1 id="mentions-heading" tabIndex={-1} className="text-[15px] font-semibold tracking-tight outline-none">
          Mentions
        </h1>
        <div role="tablist" aria-label="Show" className="flex rounded-md bg-secondary p-0.5 text-[12px]">
          {(["mention", "all"] as const).map((v) => (
            <button
              key={v}
              type="button"
              role="tab"
              aria-selected={view === v}
              onClick={() => setLocation(v === "all" ? "/mentions/all" : "/mentions")}
              className={cn(
                "rounded px-2.5 py-1 font-medium outline-none focus-visible:ring-2 focus-visible:ring-ring/50",
                view === v ? "bg-background text-foreground shadow-sm" : "text-muted-foreground hover:text-foreground",
              )}
            >
              {v === "mention" ? "Mentions" : "All notifications"}
            </button>
          ))}
        </div>
        <span className="text-[12px] text-muted-foreground" data-testid="mentions-unread">
          {unread ? `${unread} unread` : ""}
        </span>
        <Button
          variant="ghost"
          size="sm"
          className="ml-auto"
          disabled={!unread || markRead.isPending}
          onClick={() => markRead.mutate(view === "all" ? { all: true } : { all: true, type: "mention" })}
        >
          <CheckCheck /> Mark all read
        </Button>
      </header>
      <div className="scrollbar-thin min-h-0 flex-1 overflow-y-auto">
        <div className="mx-auto max-w-3xl border-x">
          {q.isPending ? (
            <ListSkeleton />
          ) : q.isError && !items.length ? (
            <ErrorState error={q.error} title="Couldn't load your mentions" onRetry={() => void q.refetch()} />
          ) : !items.length ? (
            <EmptyState
              className="py-24"
              icon={<AtSign />}
              title={view === "mention" ? "No mentions yet" : "No notifications yet"}
              description={
                view === "mention"
                  ? "When a teammate writes @your name in a private note, it shows up here."
                  : "Mentions and conversations assigned to you by teammates show up here."
              }
            />
          ) : (
            <>
              <ul data-testid="notification-list">
                {items.map((n) => (
                  <Row key={n.id} n={n} me={me} onOpen={open} />
                ))}
              </ul>
              {q.hasNextPage ? (
                <div className="flex justify-center py-4">
                  <Button
                    variant="outline"
                    size="sm"
                    onClick={() => void q.fetchNextPage()}
                    disabled={q.isFetchingNextPage}
                  >
                    {q.isFetchingNextPage ? <Spinner className="size-3.5" /> : null} Load more
                  </Button>
                </div>
              ) : null}
            </>
          )}
        </div>
      </div>
    </div>
  );
}
