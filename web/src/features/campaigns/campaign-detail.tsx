import { recipientStatuses } from "@switchboard/contracts";
import { ArrowLeft, Download } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { Link } from "wouter";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { ErrorState } from "@/components/states";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { useMe } from "@/features/auth/queries";
import { errorMessage } from "@/lib/api";
import { Variants } from "./charts";
import { FollowUpReport } from "./follow-up-report";
import { FunnelChart } from "./funnel-chart";
import {
  funnel,
  statusVariant,
  useCampaign,
  useCampaignControl,
  useCampaignStats,
  useChooseWinner,
  useRecipients,
} from "./queries";
import { RetargetActions } from "./retarget-actions";
import { TimelineChart } from "./timeline-chart";

const selectCls = "h-8 rounded-md border bg-background px-2 text-[13px] dark:bg-input/20";

export function CampaignDetail({ id }: { id: string }) {
  const me = useMe();
  const admin = me.role === "admin";
  const campaign = useCampaign(id);
  const status = campaign.data?.status;
  const stats = useCampaignStats(id, status);
  const [filter, setFilter] = useState("");
  const recipients = useRecipients(id, filter, status);
  const control = useCampaignControl(id);
  const [confirmCancel, setConfirmCancel] = useState(false);
  const chooseWinner = useChooseWinner(id);

  const run = async (verb: "start" | "pause" | "resume" | "cancel") => {
    try {
      await control.mutateAsync(verb);
      setConfirmCancel(false);
    } catch (err) {
      toast.error(errorMessage(err));
    }
  };

  if (campaign.isPending) return <Skeleton className="m-4 h-40" />;
  if (campaign.isError) return <ErrorState error={campaign.error} onRetry={() => void campaign.refetch()} />;
  const c = campaign.data;
  const s = stats.data;
  const counts = s?.counts ?? c.counts;
  const f = funnel(counts);
  const done = f.sent + counts.failed + counts.skipped;
  const progress = counts.total ? Math.round((done / counts.total) * 100) : 0;

  return (
    <div className="flex h-full w-full min-w-0 flex-1 flex-col">
      <header className="flex flex-wrap items-center gap-2 border-b px-4 py-3">
        <Link href="/campaigns" aria-label="Back to campaigns" className="text-muted-foreground hover:text-foreground">
          <ArrowLeft className="size-4" />
        </Link>
        <h1 className="text-base font-semibold">{c.name}</h1>
        <Badge variant={statusVariant(c.status)} data-testid="campaign-status">
          {c.status}
        </Badge>
        <span className="mr-auto text-xs text-muted-foreground">
          {c.variants.length ? `A/B: ${c.variants.map((v) => v.templateName).join(" / ")}` : c.templateName} ·{" "}
          {c.templateLanguage}
          {c.scheduledAt ? ` · scheduled ${new Date(c.scheduledAt).toLocaleString()}` : ""}
        </span>
        {admin && c.status === "draft" ? (
          <Button size="sm" onClick={() => void run("start")} disabled={control.isPending} data-testid="campaign-start">
            Start
          </Button>
        ) : null}
        {c.status === "running" || c.status === "scheduled" ? (
          <Button size="sm" variant="outline" onClick={() => void run("pause")} disabled={control.isPending}>
            Pause
          </Button>
        ) : null}
        {admin && c.status === "paused" ? (
          <Button size="sm" onClick={() => void run("resume")} disabled={control.isPending}>
            Resume
          </Button>
        ) : null}
        {admin && ["draft", "scheduled", "running", "paused"].includes(c.status) ? (
          <Button size="sm" variant="outline" onClick={() => setConfirmCancel(true)}>
            Cancel campaign
          </Button>
        ) : null}
        <Button size="sm" variant="outline" asChild>
          <a href={`/api/campaigns/${id}/recipients.csv`} download>
            <Download /> CSV
          </a>
        </Button>
      </header>
      <div className="min-h-0 flex-1 space-y-4 overflow-auto p-4">
        <section className="grid gap-4 lg:grid-cols-[2fr_1fr]">
          <div className="space-y-2 rounded-lg border p-4">
            <div className="flex items-baseline justify-between text-[13px]">
              <span className="font-medium">Progress</span>
              <span className="tabular-nums" data-testid="campaign-progress">
                {progress}% · {done} of {counts.total}
              </span>
            </div>
            <div
              className="h-2.5 overflow-hidden rounded-full bg-secondary"
              role="progressbar"
              aria-valuenow={progress}
              aria-valuemin={0}
              aria-valuemax={100}
            >
              <div className="h-full bg-primary transition-[width]" style={{ width: `${progress}%` }} />
            </div>
            <div className="flex gap-4 text-xs text-muted-foreground">
              <span>{counts.pending + counts.sending} waiting</span>
              <span>{counts.failed} failed</span>
              <span>{counts.skipped} skipped</span>
            </div>
          </div>
          <div className="rounded-lg border p-4 text-[13px]">
            <div className="font-medium">Send rate</div>
            <div className="mt-1 text-2xl font-semibold tabular-nums" data-testid="send-rate">
              {s ? s.sendRate.current.toFixed(1) : "—"}
              <span className="text-sm font-normal text-muted-foreground"> / {c.ratePerSecond} per second</span>
            </div>
            <div className="mt-1 text-xs text-muted-foreground">Measured over the last 10 seconds</div>
          </div>
        </section>
        {stats.isError ? <ErrorState error={stats.error} onRetry={() => void stats.refetch()} /> : null}
        <section className="grid gap-4 lg:grid-cols-2">
          <div className="rounded-lg border p-4">
            <h2 className="mb-3 text-[13px] font-medium">Funnel</h2>
            <FunnelChart total={counts.total} stages={f} />
            {admin && c.status !== "draft" ? <RetargetActions campaign={{ ...c, counts }} /> : null}
          </div>
          <div className="rounded-lg border p-4">
            <h2 className="mb-3 text-[13px] font-medium">Sends per minute</h2>
            {s ? <TimelineChart points={s.timeline} /> : <Skeleton className="h-40" />}
          </div>
        </section>
        {s?.byVariant?.length ? (
          <section className="rounded-lg border p-4">
            <h2 className="mb-3 text-[13px] font-medium">A/B results</h2>
            <Variants
              variants={s.byVariant}
              winner={s.winner}
              held={s.held ?? 0}
              onChoose={
                admin && s.winner?.testPercent && !s.winner.variant && (c.status === "running" || c.status === "paused")
                  ? (key) =>
                      void chooseWinner.mutateAsync(key).then(
                        () => toast.success(`Variant ${key} gets the remaining recipients`),
                        (err) => toast.error(errorMessage(err)),
                      )
                  : undefined
              }
            />
          </section>
        ) : null}
        {c.followUp ? <FollowUpReport followUp={c.followUp} stats={s?.followUp} /> : null}
        <section className="rounded-lg border p-4">
          <h2 className="mb-3 text-[13px] font-medium">Failures by class</h2>
          {!s ? (
            <Skeleton className="h-16" />
          ) : !s.failures.length ? (
            <p className="text-[13px] text-muted-foreground">No failures.</p>
          ) : (
            <div className="space-y-2">
              {s.failures.map((fl) => (
                <details key={fl.errorClass} className="rounded-md border px-3 py-2 text-[13px]">
                  <summary className="cursor-pointer">
                    <span className="font-medium">{fl.errorClass.replace("_", " ")}</span>{" "}
                    <Badge variant="danger">{fl.count}</Badge>
                  </summary>
                  <table className="mt-2 w-full text-xs">
                    <tbody>
                      {fl.recipients.map((r) => (
                        <tr key={r.contactId} className="border-t">
                          <td className="py-1 pr-2">
                            <Link href={`/contacts/${r.contactId}`} className="hover:underline">
                              {r.phone ?? r.contactId.slice(0, 8)}
                            </Link>
                          </td>
                          <td className="py-1 pr-2 font-mono">{r.errorCode}</td>
                          <td className="py-1 text-muted-foreground">{r.errorReason}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                  {fl.count > fl.recipients.length ? (
                    <p className="mt-1 text-xs text-muted-foreground">
                      and {fl.count - fl.recipients.length} more (see the CSV)
                    </p>
                  ) : null}
                </details>
              ))}
            </div>
          )}
        </section>
        <section className="rounded-lg border">
          <div className="flex items-center gap-2 border-b px-4 py-2">
            <h2 className="mr-auto text-[13px] font-medium">Recipients</h2>
            <select
              aria-label="Recipient status"
              className={selectCls}
              value={filter}
              onChange={(e) => setFilter(e.target.value)}
            >
              <option value="">All statuses</option>
              {recipientStatuses.map((st) => (
                <option key={st} value={st}>
                  {st} ({counts[st]})
                </option>
              ))}
            </select>
          </div>
          {recipients.isPending ? (
            <Skeleton className="m-4 h-20" />
          ) : recipients.isError ? (
            <ErrorState error={recipients.error} onRetry={() => void recipients.refetch()} />
          ) : !recipients.data.items.length ? (
            <p className="px-4 py-6 text-center text-[13px] text-muted-foreground">
              {c.status === "draft"
                ? "Recipients are chosen when the campaign starts."
                : "No recipients with this status."}
            </p>
          ) : (
            <table className="w-full text-[13px]" data-testid="recipients-table">
              <thead className="text-left text-xs text-muted-foreground">
                <tr className="border-b">
                  <th className="px-4 py-2 font-medium">Phone</th>
                  {c.variants.length ? <th className="px-2 py-2 font-medium">Variant</th> : null}
                  <th className="px-2 py-2 font-medium">Status</th>
                  <th className="px-2 py-2 font-medium">Error</th>
                  <th className="px-4 py-2 text-right font-medium">Sent</th>
                </tr>
              </thead>
              <tbody>
                {recipients.data.items.map((r) => (
                  <tr key={r.id} className="border-b last:border-0">
                    <td className="px-4 py-1.5">
                      <Link
                        href={r.conversationId ? `/inbox/${r.conversationId}` : `/contacts/${r.contactId}`}
                        className="hover:underline"
                      >
                        {r.phone ?? "—"}
                      </Link>
                    </td>
                    {c.variants.length ? (
                      <td className="px-2 py-1.5 text-xs">
                        {r.variant ?? <span className="text-muted-foreground">held</span>}
                      </td>
                    ) : null}
                    <td className="px-2 py-1.5">
                      <Badge
                        variant={r.status === "failed" ? "danger" : r.status === "replied" ? "success" : "secondary"}
                      >
                        {r.status}
                      </Badge>
                    </td>
                    <td className="px-2 py-1.5 text-xs text-muted-foreground">
                      {r.errorCode ? `${r.errorCode} ${r.errorReason ?? ""}` : ""}
                    </td>
                    <td className="px-4 py-1.5 text-right text-xs text-muted-foreground">
                      {r.sentAt ? new Date(r.sentAt).toLocaleTimeString() : ""}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {recipients.data?.nextCursor ? (
            <p className="px-4 py-2 text-xs text-muted-foreground">Showing the first 100; export the CSV for all.</p>
          ) : null}
        </section>
      </div>
      <ConfirmDialog
        open={confirmCancel}
        onOpenChange={setConfirmCancel}
        title="Cancel this campaign?"
        description="Recipients not yet sent will be skipped. This cannot be undone."
        confirmLabel="Cancel campaign"
        destructive
        pending={control.isPending}
        onConfirm={() => void run("cancel")}
      />
    </div>
  );
}
