import type { CallCampaign } from "@switchboard/contracts";
import { PhoneForwarded, Plus } from "lucide-react";
import { useState } from "react";
import { Link, useLocation, useParams } from "wouter";
import { SandboxBadge } from "@/components/sandbox-badge";
import { EmptyState, ErrorState } from "@/components/states";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Kbd } from "@/components/ui/kbd";
import { Skeleton } from "@/components/ui/skeleton";
import { useMe } from "@/features/auth/queries";
import { useHotkeys } from "@/features/shortcuts/use-hotkeys";
import { shortRelative } from "@/lib/time";
import { cn } from "@/lib/utils";
import { CallCampaignDetail } from "./call-campaign-detail";
import {
  campaignStatusLabel,
  campaignStatusVariant,
  reached,
  targetOutcomeLabel,
  useCallCampaigns,
} from "./campaign-queries";
import { CreateCallCampaignDialog } from "./create-call-campaign-dialog";

/** /call-campaigns and /call-campaigns/:id. */
export default function CallCampaignsPage() {
  const params = useParams<{ id?: string }>();
  if (params.id) return <CallCampaignDetail id={params.id} />;
  return <CallCampaignList />;
}

/** A thin bar: settled/skipped/canceled of the total, calling in a lighter shade. */
export function ProgressBar({ c, className }: { c: CallCampaign; className?: string }) {
  const total = Math.max(1, c.counts.total);
  const done = (reached(c) / total) * 100;
  const live = (c.counts.byState.calling / total) * 100;
  return (
    <div
      className={cn("flex h-1.5 w-full overflow-hidden rounded-full bg-muted", className)}
      role="progressbar"
      aria-label="Targets reached"
      aria-valuemin={0}
      aria-valuemax={c.counts.total}
      aria-valuenow={reached(c)}
    >
      <div className="bg-primary" style={{ width: `${done}%` }} />
      <div className="bg-primary/40" style={{ width: `${live}%` }} />
    </div>
  );
}

/** The non-zero outcomes, most frequent first: "Interested 3 · No answer 1". */
export function outcomeSummary(c: CallCampaign): string {
  const parts = Object.entries(c.counts.byOutcome)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([o, n]) => `${targetOutcomeLabel[o as keyof typeof targetOutcomeLabel]} ${n}`);
  return parts.join(" · ");
}

function CallCampaignList() {
  const me = useMe();
  const admin = me.role === "admin";
  const list = useCallCampaigns();
  const [creating, setCreating] = useState(false);
  const [focused, setFocused] = useState(-1);
  const [, navigate] = useLocation();
  const items = list.data ?? [];
  const move = (step: number) => {
    if (!items.length) return;
    const next = Math.min(items.length - 1, Math.max(0, focused < 0 ? 0 : focused + step));
    setFocused(next);
    document.querySelector(`[data-campaign-row="${next}"]`)?.scrollIntoView({ block: "nearest" });
  };
  useHotkeys(
    {
      n: () => admin && setCreating(true),
      j: () => move(1),
      k: () => move(-1),
      Enter: () => items[focused] && navigate(`/call-campaigns/${items[focused]!.id}`),
    },
    !creating,
  );
  return (
    <div className="flex h-full w-full min-w-0 flex-1 flex-col">
      <header className="flex items-center gap-2 border-b px-4 py-3">
        <h1 className="mr-auto text-base font-semibold">Call campaigns</h1>
        <Link href="/calls/live" className="text-sm text-primary hover:underline">
          Live dashboard
        </Link>
        {admin ? (
          <Button size="sm" onClick={() => setCreating(true)} data-testid="new-call-campaign">
            <Plus /> New call campaign <Kbd className="ml-1 hidden sm:inline-flex">N</Kbd>
          </Button>
        ) : null}
      </header>
      <div className="min-h-0 flex-1 overflow-auto">
        {list.isPending ? (
          <div className="space-y-2 p-4" aria-busy="true">
            {[0, 1, 2].map((i) => (
              <Skeleton key={i} className="h-12 w-full" />
            ))}
          </div>
        ) : list.isError ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        ) : !items.length ? (
          <EmptyState
            icon={<PhoneForwarded />}
            title="No call campaigns yet"
            description="Call a segment or a list of contacts with a conversation flow, inside their local calling hours, a few calls at a time."
            action={admin ? <Button onClick={() => setCreating(true)}>New call campaign</Button> : undefined}
          />
        ) : (
          <table className="w-full text-[13px]" data-testid="call-campaign-table">
            <thead className="sticky top-0 bg-background text-left text-xs text-muted-foreground">
              <tr className="border-b">
                <th className="px-4 py-2 font-medium">Name</th>
                <th className="px-2 py-2 font-medium">Status</th>
                <th className="w-48 px-2 py-2 font-medium">Progress</th>
                <th className="px-2 py-2 text-right font-medium">Calling</th>
                <th className="px-2 py-2 font-medium">Outcomes</th>
                <th className="px-4 py-2 text-right font-medium">Created</th>
              </tr>
            </thead>
            <tbody>
              {items.map((c, i) => (
                <tr
                  key={c.id}
                  data-campaign-row={i}
                  data-testid="call-campaign-row"
                  className={cn("border-b hover:bg-accent/50", focused === i && "bg-accent/60")}
                >
                  <td className="px-4 py-2">
                    <Link href={`/call-campaigns/${c.id}`} className="font-medium hover:underline">
                      {c.name}
                    </Link>
                    {c.sandbox ? <SandboxBadge className="ml-1.5" /> : null}
                  </td>
                  <td className="px-2 py-2">
                    <Badge variant={campaignStatusVariant(c.status)} data-testid="call-campaign-status">
                      {campaignStatusLabel[c.status]}
                    </Badge>
                  </td>
                  <td className="px-2 py-2">
                    <ProgressBar c={c} />
                    <div className="mt-0.5 text-xs text-muted-foreground tabular-nums">
                      {c.status === "draft" ? "Not started" : `${reached(c)} of ${c.counts.total}`}
                    </div>
                  </td>
                  <td className="px-2 py-2 text-right tabular-nums">{c.counts.byState.calling}</td>
                  <td className="max-w-64 truncate px-2 py-2 text-muted-foreground">{outcomeSummary(c) || "—"}</td>
                  <td className="px-4 py-2 text-right text-muted-foreground tabular-nums">
                    {shortRelative(c.createdAt)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      {creating ? <CreateCallCampaignDialog onClose={() => setCreating(false)} /> : null}
    </div>
  );
}
