import type { CsatReport, QualityReport, SlaReport } from "@switchboard/contracts";
import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from "recharts";
import { type ChartConfig, ChartContainer, ChartTooltipContent } from "@/components/ui/chart";
import { type Drill, percent } from "./queries";

type Open = (d: Drill) => void;
const TARGETS: Record<string, string> = {
  firstReply: "First reply",
  nextReply: "Next reply",
  periodicUpdate: "Periodic update",
  resolution: "Resolution",
  requesterWait: "Requester wait",
  agentWork: "Agent work time",
};

/** SLA hit rate per target; a row opens the conversations with an ended target of it, its counts the hit or missed ones. */
export function SlaList({ data, open }: { data: SlaReport; open: Open }) {
  return (
    <ul className="flex flex-col" data-testid="chart-sla">
      {data.rows.map((r) => {
        const label = TARGETS[r.metric] ?? r.metric;
        return (
          <li
            key={r.bucket}
            className="grid grid-cols-[8rem_minmax(0,1fr)_3.5rem_5.5rem] items-center gap-2 px-1.5 py-1 text-[13px]"
          >
            <button
              type="button"
              className="truncate rounded text-left outline-none hover:underline focus-visible:ring-2 focus-visible:ring-ring/60"
              onClick={() => open({ chart: "sla", bucket: r.bucket, title: `SLA · ${label}` })}
              data-testid={`sla-${r.bucket}`}
            >
              {label}
            </button>
            <span className="h-2.5 overflow-hidden rounded-full bg-secondary">
              <span
                className="block h-full rounded-full bg-primary/80"
                style={{ width: `${100 * (r.hitRate ?? 0)}%` }}
              />
            </span>
            <span className="text-right font-medium tabular-nums">{percent(r.hitRate)}</span>
            <span className="flex justify-end gap-2 text-[12px] tabular-nums text-muted-foreground">
              <button
                type="button"
                className="hover:underline"
                aria-label={`${label}: ${r.hit} hit`}
                onClick={() => open({ chart: "sla", bucket: `${r.bucket}:hit`, title: `SLA · ${label} · hit` })}
              >
                {r.hit}✓
              </button>
              <button
                type="button"
                className="hover:underline"
                aria-label={`${label}: ${r.missed} missed`}
                onClick={() => open({ chart: "sla", bucket: `${r.bucket}:missed`, title: `SLA · ${label} · missed` })}
              >
                {r.missed}✗
              </button>
            </span>
          </li>
        );
      })}
    </ul>
  );
}

const pct = (v: number | null) => (v === null ? "—" : `${Math.round(v * 100)} %`);
const csatConfig: ChartConfig = { conversations: { label: "Conversations", color: "oklch(0.7 0.15 160)" } };

/** Conversations per latest CSAT rating, with the average; a bar opens its conversations. */
export function CsatChart({ data, open }: { data: CsatReport; open: Open }) {
  return (
    <div className="flex flex-col gap-2">
      <p className="text-[12px] text-muted-foreground" data-testid="csat-summary">
        Average <span className="font-semibold text-foreground tabular-nums">{data.average?.toFixed(2) ?? "—"}</span> ·{" "}
        {data.answered} answered of {data.surveyed} surveyed ({pct(data.responseRate)}) · coverage{" "}
        <span title="Resolved conversations with a rating">{pct(data.coverage)}</span> of {data.resolved} resolved
      </p>
      <ChartContainer config={csatConfig} className="h-44" aria-label="CSAT distribution" data-testid="chart-csat">
        <BarChart data={data.rows} margin={{ top: 4, right: 4, bottom: 0, left: 0 }}>
          <CartesianGrid vertical={false} />
          <XAxis dataKey="rating" tickFormatter={(v) => `${v}★`} tickLine={false} axisLine={false} />
          <YAxis width={32} allowDecimals={false} tickLine={false} axisLine={false} />
          <Tooltip content={<ChartTooltipContent config={csatConfig} labelFormatter={(v) => `${v}★`} />} />
          <Bar
            dataKey="conversations"
            fill="var(--color-conversations)"
            maxBarSize={40}
            isAnimationActive={false}
            className="cursor-pointer"
            onClick={(d) =>
              open({ chart: "csat", bucket: String(d.payload.rating), title: `CSAT · ${d.payload.rating}★` })
            }
          />
        </BarChart>
      </ChartContainer>
    </div>
  );
}

const qualityConfig: ChartConfig = { conversations: { label: "Conversations", color: "oklch(0.65 0.15 280)" } };
const dim = (v: number | null) => v?.toFixed(1) ?? "—";

/**
 * Conversations per latest AI quality score (the mean of resolution, sentiment and service, rounded),
 * with the averages; a bar opens its conversations. Every resolved conversation is scored when an
 * LLM provider is configured, not only the few that answer a survey.
 */
export function QualityChart({ data, open }: { data: QualityReport; open: Open }) {
  return (
    <div className="flex flex-col gap-2">
      <p className="text-[12px] text-muted-foreground" data-testid="quality-summary">
        Average <span className="font-semibold text-foreground tabular-nums">{dim(data.average)}</span> · {data.scored}{" "}
        scored · resolution {dim(data.dimensions.resolution)} · sentiment {dim(data.dimensions.sentiment)} · service{" "}
        {dim(data.dimensions.service)}
      </p>
      <ChartContainer
        config={qualityConfig}
        className="h-44"
        aria-label="Quality score distribution"
        data-testid="chart-quality"
      >
        <BarChart data={data.rows} margin={{ top: 4, right: 4, bottom: 0, left: 0 }}>
          <CartesianGrid vertical={false} />
          <XAxis dataKey="score" tickLine={false} axisLine={false} />
          <YAxis width={32} allowDecimals={false} tickLine={false} axisLine={false} />
          <Tooltip content={<ChartTooltipContent config={qualityConfig} labelFormatter={(v) => `Score ${v}`} />} />
          <Bar
            dataKey="conversations"
            fill="var(--color-conversations)"
            maxBarSize={40}
            isAnimationActive={false}
            className="cursor-pointer"
            onClick={(d) =>
              open({ chart: "quality", bucket: String(d.payload.score), title: `Quality · ${d.payload.score}` })
            }
          />
        </BarChart>
      </ChartContainer>
    </div>
  );
}
