import { type SlaMetric, type SlaTargets, slaMetrics } from "@switchboard/contracts";
import { priorities } from "@switchboard/contracts/values";
import { useState } from "react";
import { Input } from "@/components/ui/input";
import { cn } from "@/lib/utils";
import { METRIC_LABELS, selectClass } from "./format";

type Priority = (typeof priorities)[number];
/** One target as typed: an empty amount means no target for that metric. */
export interface TargetDraft {
  amount: string;
  unit: "minutes" | "hours";
  hours: "business" | "calendar";
}
export type TargetsDraft = Record<Priority, Record<SlaMetric, TargetDraft>>;

const HINTS: Record<SlaMetric, string> = {
  firstReply: "The first human public reply",
  nextReply: "Each later customer message, from the oldest unanswered",
  periodicUpdate: "Between human public replies",
  resolution: "Until solved (the seed's TAT)",
  requesterWait: "New, open and on hold",
  agentWork: "New and open only",
};

export function toTargetsDraft(t: SlaTargets): TargetsDraft {
  return Object.fromEntries(
    priorities.map((p) => [
      p,
      Object.fromEntries(
        slaMetrics.map((m) => {
          const x = t[p]?.[m];
          // Whole hours read as hours; anything else stays in minutes so nothing is rounded.
          const inHours = !!x && x.minutes % 60 === 0;
          return [
            m,
            {
              amount: x ? String(inHours ? x.minutes / 60 : x.minutes) : "",
              unit: inHours ? "hours" : "minutes",
              hours: x?.hours ?? "business",
            },
          ];
        }),
      ),
    ]),
  ) as TargetsDraft;
}

/** Back to the contract's shape (amounts that are not numbers are sent as they are, for the schema to name). */
export function fromTargetsDraft(d: TargetsDraft): unknown {
  return Object.fromEntries(
    priorities.map((p) => [
      p,
      Object.fromEntries(
        slaMetrics
          .filter((m) => d[p][m].amount.trim() !== "")
          .map((m) => {
            const x = d[p][m];
            const n = Number(x.amount);
            return [
              m,
              { minutes: Number.isFinite(n) ? Math.round(x.unit === "hours" ? n * 60 : n) : x.amount, hours: x.hours },
            ];
          }),
      ),
    ]),
  );
}

/** Targets per priority: one tab per priority, one row per metric (amount, unit, business or calendar hours). */
export function TargetsEditor({ value, onChange }: { value: TargetsDraft; onChange: (d: TargetsDraft) => void }) {
  const [priority, setPriority] = useState<Priority>("normal");
  const set = (m: SlaMetric, patch: Partial<TargetDraft>) =>
    onChange({ ...value, [priority]: { ...value[priority], [m]: { ...value[priority][m], ...patch } } });
  return (
    <div className="grid gap-2">
      <div role="tablist" aria-label="Priority" className="flex gap-1">
        {[...priorities].reverse().map((p) => {
          const count = slaMetrics.filter((m) => value[p][m].amount.trim()).length;
          return (
            <button
              key={p}
              type="button"
              role="tab"
              aria-selected={p === priority}
              onClick={() => setPriority(p)}
              className={cn(
                "h-7 rounded-md px-2.5 text-xs font-medium capitalize outline-none focus-visible:ring-2 focus-visible:ring-ring/40",
                p === priority ? "bg-accent text-foreground" : "text-muted-foreground hover:bg-accent/60",
              )}
            >
              {p}
              <span className="ml-1 text-muted-foreground">{count}</span>
            </button>
          );
        })}
      </div>
      <div role="tabpanel" aria-label={`${priority} targets`} className="grid gap-1.5">
        {slaMetrics.map((m) => {
          const x = value[priority][m];
          return (
            <div key={m} className="grid grid-cols-[1fr_5rem_6.5rem_7.5rem] items-center gap-2">
              <div className="min-w-0">
                <p className="text-[13px] font-medium">{METRIC_LABELS[m]}</p>
                <p className="truncate text-xs text-muted-foreground">{HINTS[m]}</p>
              </div>
              <Input
                aria-label={`${METRIC_LABELS[m]} target`}
                inputMode="numeric"
                placeholder="none"
                className="h-8"
                value={x.amount}
                onChange={(e) => set(m, { amount: e.target.value })}
              />
              <select
                aria-label={`${METRIC_LABELS[m]} unit`}
                className={selectClass}
                value={x.unit}
                onChange={(e) => set(m, { unit: e.target.value as TargetDraft["unit"] })}
              >
                <option value="minutes">minutes</option>
                <option value="hours">hours</option>
              </select>
              <select
                aria-label={`${METRIC_LABELS[m]} hours`}
                className={selectClass}
                value={x.hours}
                onChange={(e) => set(m, { hours: e.target.value as TargetDraft["hours"] })}
              >
                <option value="business">business hours</option>
                <option value="calendar">calendar hours</option>
              </select>
            </div>
          );
        })}
      </div>
    </div>
  );
}
