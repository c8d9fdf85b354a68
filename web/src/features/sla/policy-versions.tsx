import type { SlaPolicy, SlaSchedule } from "@switchboard/contracts";
import { slaMetrics } from "@switchboard/contracts";
import { priorities } from "@switchboard/contracts/values";
import { ErrorState } from "@/components/states";
import { Skeleton } from "@/components/ui/skeleton";
import { describeCondition, formatTarget, METRIC_LABELS } from "./format";
import { usePolicyVersions } from "./queries";

/** Every version of a policy, newest first: what each applied SLA was timed with. */
export function PolicyVersions({
  policy,
  schedules,
  teamName,
}: {
  policy: SlaPolicy;
  schedules: SlaSchedule[];
  teamName: (id: string) => string;
}) {
  const q = usePolicyVersions(policy.id, true);
  if (q.isPending) return <Skeleton className="h-16 w-full" />;
  if (q.isError)
    return <ErrorState error={q.error} onRetry={() => void q.refetch()} title="Couldn't load the history" />;
  const scheduleName = (id: string) => schedules.find((s) => s.id === id)?.name ?? "A deleted schedule";
  return (
    <ol aria-label={`${policy.name} versions`} className="grid gap-2">
      {q.data.map((v) => (
        <li key={v.versionId} className="rounded-md border bg-muted/30 p-2.5 text-xs">
          <p className="font-medium">
            Version {v.version}
            {v.version === policy.version ? " (current)" : ""} · {new Date(v.createdAt).toLocaleString()} · “{v.name}”
          </p>
          <p className="mt-1 text-muted-foreground">
            {v.conditions.length ? v.conditions.map((c) => describeCondition(c, teamName)).join(" and ") : "Everything"}{" "}
            · {scheduleName(v.scheduleId)} · warn at {v.warningPercent} %
          </p>
          <p className="mt-1 text-muted-foreground">
            {priorities
              .map((p) => {
                const set = slaMetrics.filter((m) => v.targets[p]?.[m]);
                return set.length
                  ? `${p}: ${set.map((m) => `${METRIC_LABELS[m].toLowerCase()} ${formatTarget(v.targets[p]?.[m])}`).join(", ")}`
                  : null;
              })
              .filter(Boolean)
              .join(" · ") || "No targets"}
          </p>
        </li>
      ))}
    </ol>
  );
}
