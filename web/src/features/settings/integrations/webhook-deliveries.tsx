import type { WebhookDelivery } from "@switchboard/contracts";
import { ChevronRight, History, RotateCw } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { EmptyState, ErrorState } from "@/components/states";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { errorMessage } from "@/lib/api";
import { cn } from "@/lib/utils";
import { formatDateTime } from "./format";
import { useDeliveries, useRedeliver } from "./queries";

const stateBadge = {
  succeeded: <Badge variant="success">Delivered</Badge>,
  failed: <Badge variant="danger">Failed</Badge>,
  pending: <Badge variant="warning">Pending</Badge>,
};

function pretty(body: string) {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

function DeliveryRow({ d, subscriptionId }: { d: WebhookDelivery; subscriptionId: string }) {
  const [open, setOpen] = useState(false);
  const redeliver = useRedeliver(subscriptionId);
  const last = d.attemptLog[d.attemptLog.length - 1];
  return (
    <li className="border-b last:border-0" data-testid="delivery-row">
      <button
        type="button"
        onClick={() => setOpen((o) => !o)}
        aria-expanded={open}
        className="flex w-full items-center gap-3 px-4 py-2 text-left text-[13px] hover:bg-accent/50 focus-visible:bg-accent/50 focus-visible:outline-none"
      >
        <ChevronRight
          className={cn("size-3.5 shrink-0 text-muted-foreground transition-transform", open && "rotate-90")}
        />
        <span className="w-20 shrink-0">{stateBadge[d.state]}</span>
        <code className="min-w-0 flex-1 truncate font-mono text-[12px]">{d.eventType}</code>
        <span className="hidden w-28 shrink-0 text-muted-foreground tabular-nums lg:block">
          {last ? `${last.status ?? "no answer"} · ${last.durationMs} ms` : d.state === "failed" ? "not sent" : "—"}
        </span>
        <span className="w-20 shrink-0 text-muted-foreground tabular-nums">
          {d.attempts} {d.attempts === 1 ? "attempt" : "attempts"}
        </span>
        <span className="w-40 shrink-0 text-right text-muted-foreground">{formatDateTime(d.createdAt)}</span>
      </button>
      {open ? (
        <div className="grid gap-3 bg-muted/30 px-4 py-3 pl-10 text-[12px]">
          {d.state === "failed" && d.attempts === 0 ? (
            <p className="text-muted-foreground">
              Not sent: the webhook was turned off first. Turn it back on, then redeliver.
            </p>
          ) : null}
          {d.nextAttemptAt && d.state === "pending" ? (
            <p className="text-muted-foreground">Next attempt {formatDateTime(d.nextAttemptAt)}</p>
          ) : null}
          <ol className="grid gap-2">
            {d.attemptLog.map((a) => (
              <li key={a.attempt} className="rounded-md border bg-card p-2.5">
                <p className="flex flex-wrap gap-x-3 font-medium">
                  <span>Attempt {a.attempt}</span>
                  <span className={a.error ? "text-destructive" : "text-emerald-700 dark:text-emerald-400"}>
                    {a.status ? `HTTP ${a.status}` : "No answer"}
                  </span>
                  <span className="font-normal text-muted-foreground">
                    {a.durationMs} ms · {formatDateTime(a.at)}
                  </span>
                </p>
                {a.error && !a.error.startsWith("HTTP") ? <p className="mt-1 text-destructive">{a.error}</p> : null}
                {a.responseBody ? (
                  <pre className="scrollbar-thin mt-1.5 max-h-32 overflow-auto rounded bg-muted/60 p-2 font-mono text-[11px] whitespace-pre-wrap break-all">
                    {a.responseBody}
                  </pre>
                ) : null}
              </li>
            ))}
          </ol>
          <div>
            <p className="mb-1 font-medium">Request body</p>
            <pre className="scrollbar-thin max-h-56 overflow-auto rounded-md border bg-card p-2 font-mono text-[11px]">
              {pretty(d.requestBody)}
            </pre>
          </div>
          <div>
            <Button
              size="sm"
              variant="outline"
              disabled={redeliver.isPending}
              onClick={() =>
                redeliver.mutate(d.id, {
                  onSuccess: () => toast.success("Queued for redelivery"),
                  onError: (err) => toast.error(errorMessage(err)),
                })
              }
            >
              <RotateCw /> Redeliver
            </Button>
          </div>
        </div>
      ) : null}
    </li>
  );
}

export function WebhookDeliveries({ subscriptionId }: { subscriptionId: string }) {
  const deliveries = useDeliveries(subscriptionId);
  if (deliveries.isPending)
    return (
      <div className="flex flex-col gap-2 p-4">
        <Skeleton className="h-7 w-full" />
        <Skeleton className="h-7 w-full" />
      </div>
    );
  if (deliveries.isError) return <ErrorState error={deliveries.error} onRetry={() => void deliveries.refetch()} />;
  if (deliveries.data.length === 0)
    return (
      <EmptyState
        icon={<History />}
        title="No deliveries yet"
        description="Send a test, or wait for one of the chosen events."
      />
    );
  return (
    <ul aria-label="Delivery log">
      {deliveries.data.map((d) => (
        <DeliveryRow key={d.id} d={d} subscriptionId={subscriptionId} />
      ))}
    </ul>
  );
}
