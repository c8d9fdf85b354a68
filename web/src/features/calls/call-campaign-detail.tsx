import type { CallCampaign, CallCampaignTarget } from "@switchboard/contracts";
import { ArrowLeft, Ban, Pause, Phone, PhoneCall, Play, Users } from "lucide-react";
import { type ReactNode, useState } from "react";
import { toast } from "sonner";
import { Link } from "wouter";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { SandboxBadge } from "@/components/sandbox-badge";
import { EmptyState, ErrorState } from "@/components/states";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { useMe } from "@/features/auth/queries";
import { errorMessage } from "@/lib/api";
import { fullTime, shortRelative } from "@/lib/time";
import { outcomeSummary, ProgressBar } from "./call-campaigns-page";
import {
  type CallCampaignAction,
  actionsFor,
  campaignStatusLabel,
  campaignStatusVariant,
  reached,
  targetOutcomeLabel,
  targetOutcomeVariant,
  targetStateLabel,
  useCallCampaign,
  useCallCampaignTargets,
  useMoveCallCampaign,
} from "./campaign-queries";
import { categoryLabel, categoryVariant } from "./queries";

const DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const ACTION: Record<CallCampaignAction, { label: string; icon: ReactNode }> = {
  start: { label: "Start", icon: <Play /> },
  pause: { label: "Pause", icon: <Pause /> },
  resume: { label: "Resume", icon: <Play /> },
  cancel: { label: "Cancel campaign", icon: <Ban /> },
};

/** /call-campaigns/:id: status, progress and outcomes (live over call_campaign.progress), the targets, the moves. */
export function CallCampaignDetail({ id }: { id: string }) {
  const q = useCallCampaign(id);
  const c = q.data;
  return (
    <div className="flex h-full w-full min-w-0 flex-1 flex-col">
      <header className="flex flex-wrap items-center gap-2 border-b px-4 py-3">
        <Button asChild variant="ghost" size="sm">
          <Link href="/call-campaigns" aria-label="Back to call campaigns">
            <ArrowLeft /> Call campaigns
          </Link>
        </Button>
        <h1 className="min-w-0 truncate text-base font-semibold">{c?.name ?? "Call campaign"}</h1>
        {c ? (
          <Badge variant={campaignStatusVariant(c.status)} data-testid="cc-status">
            {campaignStatusLabel[c.status]}
          </Badge>
        ) : null}
        {c?.sandbox ? <SandboxBadge /> : null}
        <div className="ml-auto flex gap-2">{c ? <Moves c={c} /> : null}</div>
      </header>
      <div className="min-h-0 flex-1 overflow-auto p-4">
        {q.isPending ? (
          <div className="space-y-3" aria-busy="true">
            <Skeleton className="h-24 w-full" />
            <Skeleton className="h-48 w-full" />
          </div>
        ) : q.isError ? (
          <ErrorState error={q.error} onRetry={() => void q.refetch()} />
        ) : (
          <div className="space-y-4">
            <Summary c={q.data} />
            <Targets c={q.data} />
          </div>
        )}
      </div>
    </div>
  );
}

function Moves({ c }: { c: CallCampaign }) {
  const me = useMe();
  const move = useMoveCallCampaign(c.id);
  const [confirmCancel, setConfirmCancel] = useState(false);
  if (me.role !== "admin") return null;
  const run = (a: CallCampaignAction) =>
    move.mutate(a, {
      onSuccess: () => toast.success(a === "start" ? "Campaign started" : `Campaign ${ACTION[a].label.toLowerCase()}d`),
      onError: (err) => toast.error(errorMessage(err)),
    });
  return (
    <>
      {actionsFor(c.status).map((a) => (
        <Button
          key={a}
          size="sm"
          variant={a === "cancel" ? "outline" : "default"}
          disabled={move.isPending}
          onClick={() => (a === "cancel" ? setConfirmCancel(true) : run(a))}
          data-testid={`cc-${a}`}
        >
          {ACTION[a].icon} {ACTION[a].label}
        </Button>
      ))}
      <ConfirmDialog
        open={confirmCancel}
        onOpenChange={setConfirmCancel}
        title="Cancel this campaign?"
        description="Nobody else is called. Calls in progress finish, without retries."
        confirmLabel="Cancel campaign"
        destructive
        onConfirm={() => run("cancel")}
      />
    </>
  );
}

function Tile({ label, value, testId }: { label: string; value: number; testId?: string }) {
  return (
    <div className="rounded-lg border px-3 py-2" data-testid={testId}>
      <div className="text-xs text-muted-foreground">{label}</div>
      <div className="text-lg font-semibold tabular-nums">{value}</div>
    </div>
  );
}

function Summary({ c }: { c: CallCampaign }) {
  const days = c.callingHours.days.map((d) => DAYS[d - 1]).join(", ");
  return (
    <section className="grid gap-4 rounded-lg border p-4 lg:grid-cols-[2fr_1fr]" aria-label="Progress">
      <div className="space-y-3">
        <div className="flex items-baseline justify-between gap-2 text-[13px]">
          <span className="font-medium" data-testid="cc-progress">
            {c.status === "draft"
              ? "Not started"
              : `${reached(c)} of ${c.counts.total} contacts reached · ${c.counts.byState.calling} on a call now`}
          </span>
          <span className="text-muted-foreground">
            {c.startedAt ? `Started ${shortRelative(c.startedAt)}` : null}
            {c.completedAt ? ` · ended ${shortRelative(c.completedAt)}` : null}
          </span>
        </div>
        <ProgressBar c={c} className="h-2" />
        <div className="grid grid-cols-5 gap-2">
          <Tile label="Waiting" value={c.counts.byState.pending} testId="cc-count-pending" />
          <Tile label="Calling" value={c.counts.byState.calling} testId="cc-count-calling" />
          <Tile label="Done" value={c.counts.byState.settled} testId="cc-count-settled" />
          <Tile label="Skipped" value={c.counts.byState.skipped} />
          <Tile label="Canceled" value={c.counts.byState.canceled} />
        </div>
        <p className="text-[13px]" data-testid="cc-outcomes">
          <span className="text-muted-foreground">Outcomes: </span>
          {outcomeSummary(c) || "none yet"}
        </p>
      </div>
      <dl className="grid grid-cols-[7rem_1fr] content-start gap-x-3 gap-y-1.5 text-[13px]">
        <dt className="text-muted-foreground">Calling hours</dt>
        <dd>
          {c.callingHours.start}–{c.callingHours.end}, {days} (callee's time)
        </dd>
        <dt className="text-muted-foreground">At once</dt>
        <dd>{c.concurrency} calls</dd>
        <dt className="text-muted-foreground">No answer</dt>
        <dd>
          {c.retries.noAnswer.maxAttempts} calls, {c.retries.noAnswer.spacingMinutes} min apart
        </dd>
        <dt className="text-muted-foreground">Busy</dt>
        <dd>
          {c.retries.busy.maxAttempts} calls, {c.retries.busy.spacingMinutes} min apart
        </dd>
        <dt className="text-muted-foreground">Flow</dt>
        <dd>
          {c.flowId ? (
            <Link href={`/flows/${c.flowId}`} className="text-primary hover:underline">
              Open the flow
            </Link>
          ) : (
            "Default flow"
          )}
        </dd>
        <dt className="text-muted-foreground">Created</dt>
        <dd>{fullTime(c.createdAt)}</dd>
      </dl>
    </section>
  );
}

function Targets({ c }: { c: CallCampaign }) {
  const q = useCallCampaignTargets(c.id);
  return (
    <section className="rounded-lg border" aria-labelledby="cc-targets">
      <h2 id="cc-targets" className="border-b px-4 py-2 text-sm font-semibold">
        Contacts
      </h2>
      {q.isPending ? (
        <div className="space-y-2 p-4" aria-busy="true">
          {[0, 1].map((i) => (
            <Skeleton key={i} className="h-8 w-full" />
          ))}
        </div>
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : !q.data.length ? (
        <EmptyState
          icon={<Users />}
          title={c.status === "draft" ? "Not started yet" : "Nobody to call"}
          description={
            c.status === "draft"
              ? "The audience becomes the list of contacts to call when the campaign starts."
              : "The audience had no contacts when the campaign started."
          }
        />
      ) : (
        <table className="w-full text-[13px]" data-testid="cc-target-table">
          <thead className="text-left text-xs text-muted-foreground">
            <tr className="border-b">
              <th className="px-4 py-2 font-medium">Contact</th>
              <th className="px-2 py-2 font-medium">Status</th>
              <th className="px-2 py-2 text-right font-medium">Calls</th>
              <th className="px-2 py-2 font-medium">Outcome</th>
              <th className="px-2 py-2 font-medium">Collected</th>
              <th className="px-4 py-2 text-right font-medium">Call</th>
            </tr>
          </thead>
          <tbody>
            {q.data.map((t) => (
              <TargetRow key={t.id} t={t} sandbox={c.sandbox} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function TargetRow({ t, sandbox }: { t: CallCampaignTarget; sandbox: boolean }) {
  const fields = Object.entries(t.fields);
  const live = t.state === "calling" && t.callCategory === "in_progress";
  return (
    <tr className="border-b align-top last:border-0" data-testid="cc-target">
      <td className="px-4 py-2">
        <Link href={`/contacts/${t.contact.id}`} className="font-medium hover:underline">
          {t.contact.name ?? "Unnamed contact"}
        </Link>
        <div className="text-xs text-muted-foreground tabular-nums">{t.toNumber ?? t.contact.phone ?? "no phone"}</div>
      </td>
      <td className="px-2 py-2">
        <div className="flex flex-wrap items-center gap-1">
          <Badge variant={t.state === "calling" ? "info" : "secondary"} data-testid="cc-target-state">
            {targetStateLabel[t.state]}
          </Badge>
          {t.state === "calling" && t.callCategory ? (
            <Badge variant={categoryVariant(t.callCategory)} data-testid="cc-target-call-state">
              {categoryLabel[t.callCategory]}
            </Badge>
          ) : null}
        </div>
        {t.state === "pending" && t.attempts > 0 ? (
          <div className="mt-0.5 text-xs text-muted-foreground">Next try {shortRelative(t.nextAttemptAt)}</div>
        ) : null}
        {t.reason ? <div className="mt-0.5 text-xs text-muted-foreground">{t.reason}</div> : null}
      </td>
      <td className="px-2 py-2 text-right tabular-nums" data-testid="cc-target-attempts">
        {t.attempts}
      </td>
      <td className="px-2 py-2">
        {t.outcome ? (
          <Badge variant={targetOutcomeVariant(t.outcome)} data-testid="cc-target-outcome">
            {targetOutcomeLabel[t.outcome]}
          </Badge>
        ) : (
          <span className="text-muted-foreground">—</span>
        )}
      </td>
      <td className="max-w-72 px-2 py-2" data-testid="cc-target-fields">
        {fields.length ? (
          <dl className="grid grid-cols-[auto_1fr] gap-x-2 text-xs">
            {fields.map(([k, v]) => (
              <div key={k} className="contents">
                <dt className="text-muted-foreground">{k.replaceAll("_", " ")}</dt>
                <dd className="min-w-0 truncate" title={String(v)}>
                  {String(v)}
                </dd>
              </div>
            ))}
          </dl>
        ) : (
          <span className="text-muted-foreground">—</span>
        )}
      </td>
      <td className="px-4 py-2 text-right">
        <div className="flex flex-col items-end gap-1">
          {live && sandbox ? (
            <Button asChild size="sm" data-testid="cc-answer">
              <Link href={`/sandbox/call?call=${t.callId}`}>
                <PhoneCall /> Answer as the callee
              </Link>
            </Button>
          ) : null}
          {t.callId ? (
            <Link
              href={`/calls/${t.callId}`}
              className="inline-flex items-center gap-1 text-primary hover:underline"
              data-testid="cc-target-call"
            >
              <Phone className="size-3.5" /> Open the call
            </Link>
          ) : (
            <span className="text-muted-foreground">—</span>
          )}
        </div>
      </td>
    </tr>
  );
}
