import { Inbox, RotateCw } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { EmptyState, ErrorState } from "@/components/states";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { Spinner } from "@/components/ui/spinner";
import { errorMessage } from "@/lib/api";
import { fullTime, timeAgo } from "@/lib/time";
import type { WebhookEvent } from "@/lib/types";
import { useChannelEvents, useReplayEvent } from "./queries";

type Filter = "" | "pending" | "processed" | "failed";
const variants = { processed: "success", failed: "danger", pending: "warning", orphan: "outline" } as const;
const labels = { processed: "Processed", failed: "Failed", pending: "Pending", orphan: "Unrouted" } as const;

function When({ iso }: { iso: string | null }) {
  if (!iso) return <span className="text-muted-foreground">—</span>;
  return (
    <time dateTime={iso} title={fullTime(iso)} className="whitespace-nowrap">
      {timeAgo(iso)}
    </time>
  );
}

function EventRow({ event: e, channelId }: { event: WebhookEvent; channelId: string }) {
  const replay = useReplayEvent(channelId);
  const run = () =>
    replay.mutate(e.id, {
      onSuccess: () => toast.success("Event replayed: processed again, nothing duplicated"),
      onError: (err) => toast.error(`Couldn't replay: ${errorMessage(err)}`),
    });
  return (
    <tr data-testid="webhook-event" data-status={e.status} className="border-t align-top">
      <td className="py-2 pr-2">
        <Badge variant={variants[e.status]}>{labels[e.status]}</Badge>
      </td>
      <td className="min-w-0 py-2 pr-2">
        <p className="break-words">{e.summary ?? "—"}</p>
        {e.error ? <p className="mt-0.5 text-xs break-words text-destructive">{e.error}</p> : null}
      </td>
      <td className="py-2 pr-2 text-center tabular-nums">{e.attempts}</td>
      <td className="py-2 pr-2 text-muted-foreground">
        <When iso={e.receivedAt} />
      </td>
      <td className="py-2 pr-2 text-muted-foreground">
        <When iso={e.processedAt} />
      </td>
      <td className="py-1.5 text-right">
        <Button
          variant="ghost"
          size="sm"
          onClick={run}
          disabled={replay.isPending}
          aria-label={`Replay event: ${e.summary ?? e.id}`}
        >
          {replay.isPending ? <Spinner /> : <RotateCw />} Replay
        </Button>
      </td>
    </tr>
  );
}

/** What the provider sent us lately and what became of it; refreshed every 5 s. */
export function WebhookEvents({ channelId }: { channelId: string }) {
  const [filter, setFilter] = useState<Filter>("");
  const q = useChannelEvents(channelId, filter);
  return (
    <Card>
      <CardHeader className="flex-row items-start justify-between gap-4">
        <div>
          <CardTitle className="flex items-center gap-2">
            Recent webhook events{" "}
            {q.isFetching && !q.isPending ? <Spinner className="size-3 text-muted-foreground" /> : null}
          </CardTitle>
          <CardDescription>Stored before processing, so nothing is lost. Updates every 5 seconds.</CardDescription>
        </div>
        <Select value={filter || "all"} onValueChange={(v) => setFilter(v === "all" ? "" : (v as Filter))}>
          <SelectTrigger size="sm" className="w-32" aria-label="Filter events by status">
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            <SelectItem value="all">All events</SelectItem>
            <SelectItem value="failed">Failed</SelectItem>
            <SelectItem value="pending">Pending</SelectItem>
            <SelectItem value="processed">Processed</SelectItem>
          </SelectContent>
        </Select>
      </CardHeader>
      <CardContent className="pt-3">
        {q.isPending ? (
          <div className="grid gap-2">
            {[0, 1, 2].map((i) => (
              <Skeleton key={i} className="h-8 w-full" />
            ))}
          </div>
        ) : q.isError ? (
          <ErrorState error={q.error} title="Couldn't load events" onRetry={() => void q.refetch()} />
        ) : q.data.length === 0 ? (
          <EmptyState
            icon={<Inbox />}
            title={filter ? `No ${labels[filter].toLowerCase()} events` : "No webhook events yet"}
            description="Events appear here as soon as the provider calls the webhook URL."
          />
        ) : (
          <div className="scrollbar-thin max-h-[420px] overflow-y-auto">
            <table className="w-full table-fixed text-[12.5px]" data-testid="webhook-events">
              <colgroup>
                <col className="w-[86px]" />
                <col />
                <col className="w-[58px]" />
                <col className="w-[92px]" />
                <col className="w-[92px]" />
                <col className="w-[88px]" />
              </colgroup>
              <thead className="sticky top-0 bg-card text-left text-[11px] font-medium text-muted-foreground">
                <tr>
                  <th className="pb-1.5">Status</th>
                  <th className="pb-1.5">Event</th>
                  <th className="pb-1.5 text-center">Attempts</th>
                  <th className="pb-1.5">Received</th>
                  <th className="pb-1.5">Processed</th>
                  <th className="pb-1.5">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {q.data.map((e) => (
                  <EventRow key={e.id} event={e} channelId={channelId} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </CardContent>
    </Card>
  );
}
