import { Download } from "lucide-react";
import { useMemo } from "react";
import { Link } from "wouter";
import { EmptyState, ErrorState } from "@/components/states";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { Skeleton } from "@/components/ui/skeleton";
import { csvHref, type Drill, duration, type ReportFilters, useDrillDown, useTicketsDrillDown } from "./queries";

/** The conversations behind a point, cell or row: exactly the fact rows the chart counted. */
export function DrillDialog({
  filters,
  drill,
  onClose,
}: {
  filters: ReportFilters;
  drill: Drill | null;
  onClose: () => void;
}) {
  const tickets = drill?.chart === "tickets";
  const q = useDrillDown(filters, tickets ? null : drill);
  const href = useMemo(
    () =>
      drill
        ? `${csvHref("conversations", filters)}&chart=${drill.chart}&bucket=${encodeURIComponent(drill.bucket)}`
        : "",
    [drill, filters],
  );
  if (tickets) return <TicketsDrillDialog filters={filters} drill={drill} onClose={onClose} />;
  return (
    <Dialog open={drill !== null} onOpenChange={(o) => !o && onClose()}>
      {drill ? (
        <DialogContent
          title={drill.title}
          description={q.data ? `${q.data.total} conversation${q.data.total === 1 ? "" : "s"}` : "Loading…"}
          className="max-w-4xl"
          data-testid="drill-down"
        >
          {q.isPending ? (
            <Skeleton className="h-32 w-full" />
          ) : q.isError ? (
            <ErrorState error={q.error} onRetry={() => void q.refetch()} />
          ) : q.data.items.length === 0 ? (
            <EmptyState title="No conversations" />
          ) : (
            <div className="max-h-[60vh] overflow-y-auto">
              <table className="w-full text-[13px] [&_td]:whitespace-nowrap">
                <thead>
                  <tr className="border-b text-left text-[12px] text-muted-foreground">
                    <th className="px-2 py-1.5 font-medium">Customer</th>
                    <th className="px-2 py-1.5 font-medium">Channel</th>
                    <th className="px-2 py-1.5 font-medium">Agent</th>
                    <th className="px-2 py-1.5 font-medium">Created</th>
                    <th className="px-2 py-1.5 text-right font-medium">First response</th>
                    <th className="px-2 py-1.5 text-right font-medium">Resolution</th>
                    <th className="px-2 py-1.5 font-medium">AI</th>
                  </tr>
                </thead>
                <tbody>
                  {q.data.items.map((f) => (
                    <tr key={f.conversationId} className="border-b last:border-0 hover:bg-accent/60">
                      <td className="px-2 py-1.5">
                        <Link href={`/inbox/${f.conversationId}`} className="font-medium hover:underline">
                          {f.contactName || "Customer"}
                        </Link>
                      </td>
                      <td className="px-2 py-1.5">{f.channelName}</td>
                      <td className="px-2 py-1.5">{f.agentName ?? "—"}</td>
                      <td className="px-2 py-1.5 whitespace-nowrap">{new Date(f.createdAt).toLocaleString()}</td>
                      <td className="px-2 py-1.5 text-right tabular-nums">
                        {duration(
                          filters.hours === "business" ? f.firstResponseBusinessSeconds : f.firstResponseSeconds,
                        )}
                      </td>
                      <td className="px-2 py-1.5 text-right tabular-nums">
                        {duration(filters.hours === "business" ? f.resolutionBusinessSeconds : f.resolutionSeconds)}
                      </td>
                      <td className="px-2 py-1.5 text-muted-foreground">
                        {f.aiInvolved
                          ? (f.aiResolution ?? (f.handoffRule ? `handoff: ${f.handoffRule}` : "involved"))
                          : "—"}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <div className="flex justify-end">
            <Button asChild variant="outline" size="sm">
              <a href={href} download>
                <Download /> CSV
              </a>
            </Button>
          </div>
        </DialogContent>
      ) : null}
    </Dialog>
  );
}

const th = "px-2 py-1.5 font-medium";

/** The tickets behind a day bar or a priority row of the tickets report, each linking to its page. */
function TicketsDrillDialog({
  filters,
  drill,
  onClose,
}: {
  filters: ReportFilters;
  drill: Drill;
  onClose: () => void;
}) {
  const q = useTicketsDrillDown(filters, drill);
  const href = `${csvHref("tickets/drill-down", filters)}&bucket=${encodeURIComponent(drill.bucket)}`;
  return (
    <Dialog open onOpenChange={(o) => !o && onClose()}>
      <DialogContent
        title={drill.title}
        description={q.data ? `${q.data.total} ticket${q.data.total === 1 ? "" : "s"}` : "Loading…"}
        className="max-w-3xl"
        data-testid="drill-down"
      >
        {q.isPending ? (
          <Skeleton className="h-32 w-full" />
        ) : q.isError ? (
          <ErrorState error={q.error} onRetry={() => void q.refetch()} />
        ) : q.data.items.length === 0 ? (
          <EmptyState title="No tickets" />
        ) : (
          <div className="max-h-[60vh] overflow-y-auto">
            <table className="w-full text-[13px] [&_td]:whitespace-nowrap" data-testid="drill-tickets">
              <thead>
                <tr className="border-b text-left text-[12px] text-muted-foreground">
                  <th className={th}>Ticket</th>
                  <th className={th}>Status</th>
                  <th className={th}>Priority</th>
                  <th className={th}>Assignee</th>
                  <th className={th}>Created</th>
                </tr>
              </thead>
              <tbody>
                {q.data.items.map((t) => (
                  <tr key={t.id} className="border-b last:border-0 hover:bg-accent/60">
                    <td className="max-w-[18rem] truncate px-2 py-1.5">
                      <Link href={`/tickets/${t.id}`} className="font-medium hover:underline">
                        #{t.number} {t.subject}
                      </Link>
                    </td>
                    <td className="px-2 py-1.5">{t.status.replace("_", " ")}</td>
                    <td className="px-2 py-1.5 capitalize">{t.priority}</td>
                    <td className="px-2 py-1.5">{t.assigneeName ?? "—"}</td>
                    <td className="px-2 py-1.5">{new Date(t.createdAt).toLocaleString()}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <div className="flex justify-end">
          <Button asChild variant="outline" size="sm">
            <a href={href} download>
              <Download /> CSV
            </a>
          </Button>
        </div>
      </DialogContent>
    </Dialog>
  );
}
