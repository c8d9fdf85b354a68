import type { RoutingQueue } from "@switchboard/contracts";
import { Coffee, Hand, Timer } from "lucide-react";
import { toast } from "sonner";
import { Link, useLocation } from "wouter";
import { ChannelIcon } from "@/components/channel-icon";
import { EmptyState, ErrorState } from "@/components/states";
import { Avatar } from "@/components/ui/avatar";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { Spinner } from "@/components/ui/spinner";
import { useMe } from "@/features/auth/queries";
import { priorityLabel } from "@/features/inbox/labels";
import { PriorityIcon } from "@/features/inbox/priority-icon";
import { errorMessage } from "@/lib/api";
import { fullTime } from "@/lib/time";
import type { Priority } from "@/lib/types";
import { useNow } from "@/lib/use-now";
import { cn, contactName } from "@/lib/utils";
import { useRoutingActions, useRoutingQueue } from "./queries";
import { useRoutingEvents } from "./use-routing-events";
import { waitLabel, waitTone } from "./wait-time";

type Entry = RoutingQueue["items"][number];
const rank: Record<Priority, number> = { urgent: 0, high: 1, normal: 2, low: 3 };

/** Priority first, then longest waiting: the server's order, kept if a refetch lags behind an event. */
export function queueOrder(items: Entry[]): Entry[] {
  return [...items].sort(
    (a, b) =>
      rank[a.conversation.priority] - rank[b.conversation.priority] ||
      (a.conversation.queuedAt ?? "").localeCompare(b.conversation.queuedAt ?? ""),
  );
}

const toneClass = {
  calm: "text-foreground",
  warn: "text-amber-700 dark:text-amber-400",
  late: "text-red-600 dark:text-red-400",
};

function Row({
  entry,
  position,
  now,
  onTake,
  taking,
}: {
  entry: Entry;
  position: number;
  now: number;
  onTake: () => void;
  taking: boolean;
}) {
  const c = entry.conversation;
  // The live wait: from queuedAt when known, else from the server's count at fetch time.
  const since = c.queuedAt ?? new Date(now - entry.waitingSeconds * 1000).toISOString();
  const name = contactName(c.contact);
  const [, navigate] = useLocation();
  return (
    <tr
      data-testid="waiting-row"
      data-conversation-id={c.id}
      className="cursor-pointer border-b last:border-0 hover:bg-accent/50"
      onClick={() => navigate(`/inbox/${c.id}`)}
    >
      <td className="w-10 px-3 py-2.5 text-center text-xs text-muted-foreground tabular-nums">{position}</td>
      <td className="px-3 py-2.5">
        <Link
          href={`/inbox/${c.id}`}
          className="flex min-w-0 items-center gap-2.5 outline-none focus-visible:underline"
          onClick={(e) => e.stopPropagation()}
        >
          <Avatar name={name} src={c.contact.avatarUrl} seed={c.contact.id} size="sm" />
          <span className="min-w-0">
            <span className="block truncate font-medium">{name}</span>
            <span className="block truncate text-xs text-muted-foreground">{c.lastMessagePreview}</span>
          </span>
        </Link>
      </td>
      <td className="px-3 py-2.5">
        <span className="flex min-w-0 items-center gap-1.5 text-muted-foreground">
          <ChannelIcon type={c.channelType} className="size-3.5 shrink-0" />
          <span className="truncate">{c.channelName}</span>
        </span>
      </td>
      <td className="px-3 py-2.5">
        {c.team ? (
          <Badge variant="secondary">{c.team.name}</Badge>
        ) : (
          <span className="text-xs text-muted-foreground">Any team</span>
        )}
      </td>
      <td className="px-3 py-2.5">
        <span className="flex items-center gap-1.5">
          <PriorityIcon priority={c.priority} />
          <span className={c.priority === "normal" || c.priority === "low" ? "text-muted-foreground" : undefined}>
            {priorityLabel[c.priority]}
          </span>
        </span>
      </td>
      <td className="px-3 py-2.5">
        <time
          dateTime={since}
          title={`Waiting since ${fullTime(since)}`}
          data-testid="wait-time"
          className={cn("font-medium tabular-nums", toneClass[waitTone(since, now)])}
        >
          {waitLabel(since, now)}
        </time>
      </td>
      <td className="px-3 py-2.5 text-right">
        <Button
          size="sm"
          variant="outline"
          className="h-7"
          data-testid="waiting-take"
          disabled={taking}
          onClick={(e) => {
            e.stopPropagation();
            onTake();
          }}
        >
          {taking ? <Spinner className="size-3.5" /> : <Hand />} Take
        </Button>
      </td>
    </tr>
  );
}

/** The Waiting view: everyone waiting for a person, the longest and most urgent first; take one. */
export default function WaitingPage() {
  const me = useMe();
  const queue = useRoutingQueue();
  const { take } = useRoutingActions(me.id);
  const [, navigate] = useLocation();
  const now = useNow(1_000);
  useRoutingEvents();

  const onTake = (id: string) =>
    take.mutate(id, {
      onSuccess: () => {
        toast.success("You're handling this conversation");
        navigate(`/inbox/${id}`);
      },
      onError: (err) => toast.error(`Couldn't take it: ${errorMessage(err)}`),
    });

  const items = queue.data ? queueOrder(queue.data.items) : [];
  return (
    <div className="scrollbar-thin h-full min-w-0 flex-1 overflow-y-auto">
      <div className="mx-auto max-w-5xl px-6 py-6">
        <div className="mb-5 flex items-end justify-between gap-4">
          <div>
            <h1 className="flex items-center gap-2 text-lg font-semibold tracking-tight">
              <Timer className="size-4.5 text-muted-foreground" /> Waiting
            </h1>
            <p className="mt-1 text-[13px] text-muted-foreground" data-testid="waiting-summary">
              {queue.data
                ? `${queue.data.total} waiting for a person · ${queue.data.eligibleAgents} ${queue.data.eligibleAgents === 1 ? "agent" : "agents"} free to take one`
                : "Conversations waiting for a person, the most urgent and longest waiting first."}
            </p>
          </div>
        </div>
        <div className="overflow-hidden rounded-lg border bg-card">
          {queue.isPending ? (
            <div className="flex flex-col gap-3 p-4" aria-busy="true" data-testid="waiting-loading">
              {[0, 1, 2, 3].map((i) => (
                <Skeleton key={i} className="h-10 w-full" />
              ))}
            </div>
          ) : queue.isError ? (
            <ErrorState error={queue.error} title="Couldn't load the queue" onRetry={() => void queue.refetch()} />
          ) : items.length === 0 ? (
            <EmptyState
              icon={<Coffee />}
              title="Nobody is waiting"
              description="Conversations the AI hands to a person, with nobody free to take them, line up here."
            />
          ) : (
            <table className="w-full table-fixed text-left text-[13px]">
              <thead className="border-b bg-muted/60 text-[11px] font-semibold tracking-wide text-muted-foreground uppercase">
                <tr>
                  <th className="w-10 px-3 py-2 text-center font-semibold">#</th>
                  <th className="px-3 py-2 font-semibold">Contact</th>
                  <th className="w-[18%] px-3 py-2 font-semibold">Channel</th>
                  <th className="w-[14%] px-3 py-2 font-semibold">Team</th>
                  <th className="w-[11%] px-3 py-2 font-semibold">Priority</th>
                  <th className="w-[10%] px-3 py-2 font-semibold">Waiting</th>
                  <th className="w-24 px-3 py-2">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {items.map((e, i) => (
                  <Row
                    key={e.conversation.id}
                    entry={e}
                    position={i + 1}
                    now={now}
                    onTake={() => onTake(e.conversation.id)}
                    taking={take.isPending && take.variables === e.conversation.id}
                  />
                ))}
              </tbody>
            </table>
          )}
        </div>
      </div>
    </div>
  );
}
