import type { CallCategory } from "@switchboard/contracts";
import { callCategories } from "@switchboard/contracts/values";
import { Phone, PhoneIncoming, PhoneOutgoing } from "lucide-react";
import { useState } from "react";
import { Link, useParams } from "wouter";
import { EmptyState, ErrorState } from "@/components/states";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { shortRelative } from "@/lib/time";
import { cn } from "@/lib/utils";
import { CallDetailPage } from "./call-detail";
import { LiveDashboardPage } from "./live-dashboard";
import { categoryLabel, categoryVariant, useCalls } from "./queries";

const selectCls =
  "h-8 rounded-md border border-input bg-background px-2 text-[13px] focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring";

export default function CallsPage() {
  const params = useParams<{ id?: string }>();
  if (params.id === "live") return <LiveDashboardPage />;
  if (params.id) return <CallDetailPage id={params.id} />;
  return <CallList />;
}

export const duration = (s: number | null) =>
  s == null ? "—" : `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;

function CallList() {
  const [category, setCategory] = useState<CallCategory | undefined>();
  const list = useCalls(category);
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <div className="flex h-full w-full min-w-0 flex-1 flex-col">
      <header className="flex flex-wrap items-center gap-2 border-b px-4 py-3">
        <h1 className="mr-auto text-base font-semibold">Calls</h1>
        <Link href="/calls/live" className="text-sm text-primary hover:underline" data-testid="calls-live-link">
          Live dashboard
        </Link>
        <select
          aria-label="State"
          className={cn(selectCls, "w-40")}
          value={category ?? ""}
          onChange={(e) => setCategory((e.target.value || undefined) as CallCategory | undefined)}
          data-testid="call-filter-category"
        >
          <option value="">All states</option>
          {callCategories.map((c) => (
            <option key={c} value={c}>
              {categoryLabel[c]}
            </option>
          ))}
        </select>
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
            icon={<Phone />}
            title={category ? `No ${categoryLabel[category].toLowerCase()} calls` : "No calls yet"}
            description="Call a contact from their profile, start a call campaign, or call your Twilio number: calls appear here, live."
          />
        ) : (
          <table className="w-full text-[13px]" data-testid="call-table">
            <thead className="sticky top-0 bg-background text-left text-xs text-muted-foreground">
              <tr className="border-b">
                <th className="px-4 py-2 font-medium">Contact</th>
                <th className="px-2 py-2 font-medium">State</th>
                <th className="px-2 py-2 font-medium">Number</th>
                <th className="px-2 py-2 font-medium">Duration</th>
                <th className="px-2 py-2 font-medium">Recording</th>
                <th className="px-4 py-2 text-right font-medium">Started</th>
              </tr>
            </thead>
            <tbody>
              {items.map((c) => (
                <tr key={c.id} className="border-b hover:bg-accent/50">
                  <td className="px-4 py-2">
                    <Link
                      href={`/calls/${c.id}`}
                      className="inline-flex items-center gap-1.5 font-medium hover:underline"
                    >
                      {c.direction === "inbound" ? (
                        <PhoneIncoming className="size-3.5 text-muted-foreground" aria-label="Inbound" />
                      ) : (
                        <PhoneOutgoing className="size-3.5 text-muted-foreground" aria-label="Outbound" />
                      )}
                      {c.contact?.name ?? c.contact?.phone ?? (c.direction === "inbound" ? c.from : c.to) ?? "Unknown"}
                    </Link>
                  </td>
                  <td className="px-2 py-2">
                    <Badge variant={categoryVariant(c.category)} data-testid="call-state">
                      {categoryLabel[c.category]}
                    </Badge>
                    {c.sandbox ? (
                      <Badge variant="warning" className="ml-1">
                        Sandbox
                      </Badge>
                    ) : null}
                  </td>
                  <td className="px-2 py-2 tabular-nums">{c.direction === "inbound" ? c.from : c.to}</td>
                  <td className="px-2 py-2 tabular-nums">{duration(c.durationSeconds)}</td>
                  <td className="px-2 py-2 text-muted-foreground">
                    {c.sandbox
                      ? "No recording (sandbox)"
                      : c.recording.state === "stored"
                        ? "Recorded"
                        : c.recording.state === "pending"
                          ? "Downloading…"
                          : c.recording.state === "none"
                            ? "—"
                            : "No recording"}
                  </td>
                  <td className="px-4 py-2 text-right text-muted-foreground tabular-nums">
                    {shortRelative(c.createdAt)}
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
    </div>
  );
}
