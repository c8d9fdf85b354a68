import type { SlaPolicy, SlaSchedule } from "@switchboard/contracts";
import { slaMetrics } from "@switchboard/contracts";
import { ArrowDown, ArrowUp, CalendarClock, History, Pencil, Plus, Timer, Trash2 } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { EmptyState, ErrorState } from "@/components/states";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { useTeams } from "@/features/routing/queries";
import { PageBody, PageHeader } from "@/features/settings/page-header";
import { errorMessage } from "@/lib/api";
import { DAYS, describeCondition, formatTarget, METRIC_LABELS } from "./format";
import { PolicyDialog } from "./policy-dialog";
import { PolicyVersions } from "./policy-versions";
import { useDeletePolicy, useDeleteSchedule, useReorderPolicies, useSlaPolicies, useSlaSchedules } from "./queries";
import { ScheduleDialog } from "./schedule-dialog";

/** "Mon–Fri 09:00–17:00; Sat 10:00–14:00": days with the same periods run together. */
function describePeriods(s: SlaSchedule): string {
  const byDay = DAYS.map((_, d) =>
    s.periods
      .filter((p) => p.day === d + 1)
      .map((p) => `${p.start}–${p.end}`)
      .join(", "),
  );
  const parts: string[] = [];
  for (let d = 0; d < 7; d++) {
    if (!byDay[d]) continue;
    let e = d;
    while (e + 1 < 7 && byDay[e + 1] === byDay[d]) e++;
    parts.push(`${DAYS[d]}${e > d ? `–${DAYS[e]}` : ""} ${byDay[d]}`);
    d = e;
  }
  return parts.join("; ") || "No periods";
}

function SchedulesCard({ onEdit }: { onEdit: (s: SlaSchedule | null) => void }) {
  const q = useSlaSchedules();
  const del = useDeleteSchedule();
  return (
    <Card>
      <CardHeader className="flex-row items-start justify-between gap-4">
        <div>
          <CardTitle>Business hours</CardTitle>
          <CardDescription>Weekly periods, a time zone and holidays; deadlines skip what lies outside.</CardDescription>
        </div>
        <Button size="sm" onClick={() => onEdit(null)}>
          <Plus /> Schedule
        </Button>
      </CardHeader>
      <CardContent>
        {q.isPending ? (
          <Skeleton className="h-20 w-full" />
        ) : q.isError ? (
          <ErrorState error={q.error} onRetry={() => void q.refetch()} />
        ) : !q.data.length ? (
          <EmptyState icon={<CalendarClock />} title="No schedules yet" description="Add the hours your team works." />
        ) : (
          <ul aria-label="Schedules" className="divide-y">
            {q.data.map((s) => (
              <li key={s.id} className="flex items-center gap-3 py-2.5 first:pt-0 last:pb-0">
                <div className="min-w-0 flex-1">
                  <p className="flex items-center gap-2 text-[13px] font-medium">
                    {s.name}
                    {s.isDefault ? <Badge variant="secondary">Default</Badge> : null}
                    <span className="font-normal text-muted-foreground">{s.timeZone}</span>
                  </p>
                  <p className="truncate text-xs text-muted-foreground">
                    {describePeriods(s)}
                    {s.holidays.length ? ` · ${s.holidays.length} holiday${s.holidays.length === 1 ? "" : "s"}` : ""}
                  </p>
                </div>
                <Button variant="ghost" size="icon-sm" aria-label={`Edit ${s.name}`} onClick={() => onEdit(s)}>
                  <Pencil />
                </Button>
                {s.isDefault ? null : (
                  <Button
                    variant="ghost"
                    size="icon-sm"
                    aria-label={`Delete ${s.name}`}
                    onClick={() => {
                      if (!window.confirm(`Delete the schedule “${s.name}”?`)) return;
                      del.mutate(s.id, {
                        onSuccess: () => toast.success("Schedule deleted"),
                        onError: (err) => toast.error(errorMessage(err)),
                      });
                    }}
                  >
                    <Trash2 />
                  </Button>
                )}
              </li>
            ))}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}

function PolicyRow({
  policy,
  index,
  count,
  schedules,
  teamName,
  onMove,
  onEdit,
}: {
  policy: SlaPolicy;
  index: number;
  count: number;
  schedules: SlaSchedule[];
  teamName: (id: string) => string;
  onMove: (from: number, to: number) => void;
  onEdit: (p: SlaPolicy) => void;
}) {
  const [history, setHistory] = useState(false);
  const del = useDeletePolicy();
  const schedule = schedules.find((s) => s.id === policy.scheduleId);
  const normal = policy.targets.normal;
  const set = slaMetrics.filter((m) => normal?.[m]);
  return (
    <li
      aria-label={policy.name}
      // Alt+↑/↓ moves the focused policy, like the buttons (keyboard reorder without a drag).
      onKeyDown={(e) => {
        if (!e.altKey || (e.key !== "ArrowUp" && e.key !== "ArrowDown")) return;
        e.preventDefault();
        const to = e.key === "ArrowUp" ? index - 1 : index + 1;
        if (to >= 0 && to < count) onMove(index, to);
      }}
      className="grid gap-2 py-3 first:pt-0 last:pb-0"
    >
      <div className="flex items-start gap-3">
        <span className="mt-0.5 flex size-6 shrink-0 items-center justify-center rounded-full bg-secondary text-xs font-semibold tabular-nums">
          {index + 1}
        </span>
        <div className="min-w-0 flex-1">
          <p className="flex items-center gap-2 text-[13px] font-medium">
            {policy.name}
            <Badge variant="outline">v{policy.version}</Badge>
          </p>
          <p className="text-xs text-muted-foreground">
            {policy.conditions.length
              ? policy.conditions.map((c) => describeCondition(c, teamName)).join(" and ")
              : "Applies to everything"}
          </p>
          <p className="text-xs text-muted-foreground">
            Normal:{" "}
            {set.length
              ? set.map((m) => `${METRIC_LABELS[m].toLowerCase()} ${formatTarget(normal?.[m])}`).join(", ")
              : "no targets"}
            {" · "}
            {schedule?.name ?? "Default schedule"} · warn at {policy.warningPercent} %
          </p>
        </div>
        <div className="flex shrink-0 items-center gap-0.5">
          <Button
            variant="ghost"
            size="icon-sm"
            aria-label={`Move ${policy.name} up`}
            disabled={index === 0}
            onClick={() => onMove(index, index - 1)}
          >
            <ArrowUp />
          </Button>
          <Button
            variant="ghost"
            size="icon-sm"
            aria-label={`Move ${policy.name} down`}
            disabled={index === count - 1}
            onClick={() => onMove(index, index + 1)}
          >
            <ArrowDown />
          </Button>
          <Button
            variant="ghost"
            size="icon-sm"
            aria-label={`History of ${policy.name}`}
            aria-expanded={history}
            onClick={() => setHistory(!history)}
          >
            <History />
          </Button>
          <Button variant="ghost" size="icon-sm" aria-label={`Edit ${policy.name}`} onClick={() => onEdit(policy)}>
            <Pencil />
          </Button>
          <Button
            variant="ghost"
            size="icon-sm"
            aria-label={`Delete ${policy.name}`}
            onClick={() => {
              if (!window.confirm(`Delete the policy “${policy.name}”? Running clocks keep their version.`)) return;
              del.mutate(policy.id, {
                onSuccess: () => toast.success("Policy deleted"),
                onError: (err) => toast.error(errorMessage(err)),
              });
            }}
          >
            <Trash2 />
          </Button>
        </div>
      </div>
      {history ? (
        <div className="ml-9">
          <PolicyVersions policy={policy} schedules={schedules} teamName={teamName} />
        </div>
      ) : null}
    </li>
  );
}

function PoliciesCard({ schedules, onEdit }: { schedules: SlaSchedule[]; onEdit: (p: SlaPolicy | null) => void }) {
  const q = useSlaPolicies();
  const reorder = useReorderPolicies();
  const teams = useTeams();
  const teamName = (id: string) => teams.data?.find((t) => t.id === id)?.name ?? "a deleted team";
  const move = (from: number, to: number) => {
    if (!q.data) return;
    const ids = q.data.map((p) => p.id);
    const [id] = ids.splice(from, 1);
    if (!id) return;
    ids.splice(to, 0, id);
    reorder.mutate(ids, { onError: (err) => toast.error(errorMessage(err)) });
  };
  return (
    <Card>
      <CardHeader className="flex-row items-start justify-between gap-4">
        <div>
          <CardTitle>Policies</CardTitle>
          <CardDescription>
            Checked in this order; the first whose conditions all hold sets the targets. Alt+↑/↓ moves one.
          </CardDescription>
        </div>
        <Button size="sm" onClick={() => onEdit(null)}>
          <Plus /> Policy
        </Button>
      </CardHeader>
      <CardContent>
        {q.isPending ? (
          <Skeleton className="h-32 w-full" />
        ) : q.isError ? (
          <ErrorState error={q.error} onRetry={() => void q.refetch()} />
        ) : !q.data.length ? (
          <EmptyState
            icon={<Timer />}
            title="No SLA policies"
            description="Without a policy nothing is timed. Add one with targets for each priority."
          />
        ) : (
          <ol aria-label="Policies" className="divide-y" aria-busy={reorder.isPending}>
            {q.data.map((p, i) => (
              <PolicyRow
                key={p.id}
                policy={p}
                index={i}
                count={q.data.length}
                schedules={schedules}
                teamName={teamName}
                onMove={move}
                onEdit={onEdit}
              />
            ))}
          </ol>
        )}
      </CardContent>
    </Card>
  );
}

/** Settings → SLA (admins): business-hours schedules and the ordered, versioned policies. */
export function SlaSettingsPage() {
  const schedules = useSlaSchedules();
  const [schedule, setSchedule] = useState<{ editing: SlaSchedule | null } | null>(null);
  const [policy, setPolicy] = useState<{ editing: SlaPolicy | null } | null>(null);
  return (
    <PageBody wide>
      <PageHeader
        title="SLA"
        description="Reply and resolution targets per priority, timed in business or calendar hours. A warning fires at the set share of each target and a breach at its deadline."
      />
      <div className="flex flex-col gap-6">
        <SchedulesCard onEdit={(editing) => setSchedule({ editing })} />
        <PoliciesCard schedules={schedules.data ?? []} onEdit={(editing) => setPolicy({ editing })} />
      </div>
      <ScheduleDialog open={!!schedule} editing={schedule?.editing ?? null} onClose={() => setSchedule(null)} />
      <PolicyDialog
        open={!!policy}
        editing={policy?.editing ?? null}
        schedules={schedules.data ?? []}
        onClose={() => setPolicy(null)}
      />
    </PageBody>
  );
}
