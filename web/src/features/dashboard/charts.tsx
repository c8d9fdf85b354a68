import type {
  AgentsReport,
  AiFunnelReport,
  ChannelsReport,
  HeatmapReport,
  ResponseTimesReport,
  VolumeReport,
} from "@switchboard/contracts";
import { Bar, BarChart, CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import { type ChartConfig, ChartContainer, ChartTooltipContent } from "@/components/ui/chart";
import { cn } from "@/lib/utils";
import { type Drill, duration, percent } from "./queries";

export const PALETTE = [
  "oklch(0.62 0.17 255)",
  "oklch(0.7 0.15 160)",
  "oklch(0.74 0.15 70)",
  "oklch(0.64 0.2 20)",
  "oklch(0.62 0.16 300)",
  "oklch(0.68 0.12 200)",
];
type Open = (d: Drill) => void;
/** Axis ticks: "42m", "2.5h", "3d" (the tooltip and tables give the long form). */
const tick = (v: number) =>
  v < 3600 ? `${Math.round(v / 60)}m` : v < 172_800 ? `${Math.round(v / 360) / 10}h` : `${Math.round(v / 8640) / 10}d`;

export function Legend({ items }: { items: Array<{ key: string; label: string; color: string; dashed?: boolean }> }) {
  return (
    <ul className="flex flex-wrap gap-x-4 gap-y-1 text-[12px] text-muted-foreground">
      {items.map((i) => (
        <li key={i.key} className="flex items-center gap-1.5">
          <span
            className="h-2 w-3 rounded-[2px]"
            style={i.dashed ? { borderTop: `2px dashed ${i.color}` } : { background: i.color }}
          />
          {i.label}
        </li>
      ))}
    </ul>
  );
}
const dayLabel = (d: string | number) =>
  new Date(`${d}T12:00:00Z`).toLocaleDateString([], { month: "short", day: "numeric", timeZone: "UTC" });

/** Conversations per local day, one stacked series per channel; a bar segment opens its conversations. */
export function VolumeChart({ data, open }: { data: VolumeReport; open: Open }) {
  const channels = [...new Map(data.rows.map((r) => [r.channelId, r.channelName])).entries()];
  const keyOf = new Map(channels.map(([id], i) => [id, `c${i}`]));
  const config: ChartConfig = Object.fromEntries(
    channels.map(([id, name], i) => [keyOf.get(id)!, { label: name, color: PALETTE[i % PALETTE.length]! }]),
  );
  const byDay = new Map<string, Record<string, string | number>>();
  for (const r of data.rows) {
    const row = byDay.get(r.day) ?? { day: r.day };
    row[keyOf.get(r.channelId)!] = r.conversations;
    byDay.set(r.day, row);
  }
  return (
    <div className="flex flex-col gap-2">
      <Legend
        items={channels.map(([id, name], i) => ({ key: id, label: name, color: PALETTE[i % PALETTE.length]! }))}
      />
      <ChartContainer
        config={config}
        className="h-56"
        aria-label="Conversations by channel per day"
        data-testid="chart-volume"
      >
        <BarChart data={[...byDay.values()]} margin={{ top: 4, right: 4, bottom: 0, left: 0 }}>
          <CartesianGrid vertical={false} />
          <XAxis dataKey="day" tickFormatter={dayLabel} tickLine={false} axisLine={false} minTickGap={16} />
          <YAxis width={32} allowDecimals={false} tickLine={false} axisLine={false} />
          <Tooltip content={<ChartTooltipContent config={config} labelFormatter={dayLabel} />} />
          {channels.map(([id, name]) => (
            <Bar
              key={id}
              dataKey={keyOf.get(id)!}
              stackId="a"
              fill={`var(--color-${keyOf.get(id)})`}
              maxBarSize={32}
              isAnimationActive={false}
              className="cursor-pointer"
              onClick={(d) =>
                open({
                  chart: "volume",
                  bucket: `${d.payload.day}|${id}`,
                  title: `${name} · ${dayLabel(d.payload.day)}`,
                })
              }
            />
          ))}
        </BarChart>
      </ChartContainer>
    </div>
  );
}

/** Median and p90 per local day, of first response or resolution; a point opens its conversations. */
export function TimesChart({
  data,
  metric,
  open,
}: {
  data: ResponseTimesReport;
  metric: "first_response" | "resolution";
  open: Open;
}) {
  const label = metric === "first_response" ? "First response" : "Resolution";
  const config = {
    median: { label: "Median", color: PALETTE[0]! },
    p90: { label: "p90", color: PALETTE[3]! },
  } satisfies ChartConfig;
  const points = data.rows.map((r) => ({
    day: r.day,
    median: metric === "first_response" ? r.firstResponseMedian : r.resolutionMedian,
    p90: metric === "first_response" ? r.firstResponseP90 : r.resolutionP90,
  }));
  const click = (day: string) =>
    open({ chart: "response-times", bucket: `${metric}:${day}`, title: `${label} · ${dayLabel(day)}` });
  return (
    <div className="flex flex-col gap-2">
      <Legend
        items={[
          { key: "median", label: "Median", color: PALETTE[0]! },
          { key: "p90", label: "p90", color: PALETTE[3]!, dashed: true },
        ]}
      />
      <ChartContainer config={config} className="h-48" aria-label={`${label} time, median and p90 per day`}>
        <LineChart
          data={points}
          margin={{ top: 4, right: 8, bottom: 0, left: 0 }}
          onClick={(e) => {
            const day = e?.activeLabel;
            if (day) click(String(day));
          }}
          className="cursor-pointer"
        >
          <CartesianGrid vertical={false} />
          <XAxis dataKey="day" tickFormatter={dayLabel} tickLine={false} axisLine={false} minTickGap={16} />
          <YAxis width={40} tickFormatter={(v) => tick(Number(v))} tickLine={false} axisLine={false} />
          <Tooltip
            content={<ChartTooltipContent config={config} labelFormatter={dayLabel} />}
            formatter={(v) => duration(Number(v))}
          />
          <Line
            dataKey="median"
            stroke="var(--color-median)"
            strokeWidth={2}
            dot={{ r: 3 }}
            connectNulls
            isAnimationActive={false}
          />
          <Line
            dataKey="p90"
            stroke="var(--color-p90)"
            strokeWidth={2}
            strokeDasharray="4 3"
            dot={{ r: 3 }}
            connectNulls
            isAnimationActive={false}
          />
        </LineChart>
      </ChartContainer>
    </div>
  );
}

/** The AI funnel as rows of buttons with bars (keyboard and screen readers get the same numbers). */
export function FunnelList({ data, open }: { data: AiFunnelReport; open: Open }) {
  const all = data.rows.find((r) => r.bucket === "all")?.conversations ?? 0;
  const steps = data.rows.filter((r) => r.kind === "step");
  const reasons = data.rows.filter((r) => r.kind === "handoff_reason");
  const row = (r: AiFunnelReport["rows"][number], indent = false) => (
    <li key={r.bucket}>
      <button
        type="button"
        onClick={() => open({ chart: "ai-funnel", bucket: r.bucket, title: r.label })}
        className="group grid w-full grid-cols-[10rem_minmax(0,1fr)_3rem] items-center gap-2 rounded-md px-1.5 py-1 text-left text-[13px] outline-none hover:bg-accent focus-visible:ring-2 focus-visible:ring-ring/60"
        data-testid={`funnel-${r.bucket}`}
      >
        <span className={cn("truncate", indent && "pl-3 text-muted-foreground")}>{r.label}</span>
        <span className="h-2.5 overflow-hidden rounded-full bg-secondary">
          <span
            className="block h-full rounded-full bg-primary/80"
            style={{ width: `${all ? (100 * r.conversations) / all : 0}%` }}
          />
        </span>
        <span className="text-right tabular-nums">{r.conversations}</span>
      </button>
    </li>
  );
  return (
    <div className="flex flex-col gap-3">
      <dl className="grid grid-cols-3 gap-2 text-center">
        {(
          [
            ["Involvement", data.rates.involvement],
            ["AI resolution", data.rates.resolution],
            ["Automation", data.rates.automation],
          ] as const
        ).map(([k, v]) => (
          <div key={k} className="rounded-md bg-secondary/60 px-2 py-1.5">
            <dt className="text-[11px] text-muted-foreground">{k}</dt>
            <dd className="text-base font-semibold tabular-nums">{percent(v)}</dd>
          </div>
        ))}
      </dl>
      <ul className="flex flex-col">{steps.map((r) => row(r))}</ul>
      {reasons.length ? (
        <div>
          <p className="mb-1 text-[12px] font-medium text-muted-foreground">Handoff reasons</p>
          <ul className="flex flex-col">{reasons.map((r) => row(r, true))}</ul>
        </div>
      ) : null}
    </div>
  );
}

const HOURS = Array.from({ length: 24 }, (_, h) => h);
const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/** Weekday × hour in the chosen zone; each cell is a button opening its conversations. */
export function Heatmap({ data, open }: { data: HeatmapReport; open: Open }) {
  const cells = new Map(data.rows.map((r) => [r.bucket, r.conversations]));
  const max = Math.max(1, ...data.rows.map((r) => r.conversations));
  return (
    <div className="overflow-x-auto" data-testid="chart-heatmap">
      <div className="grid min-w-[380px] grid-cols-[2.25rem_repeat(24,minmax(0,1fr))] gap-[2px] text-[10px]">
        <span />
        {HOURS.map((h) => (
          <span key={`h${h}`} className="text-center text-muted-foreground">
            {h % 3 === 0 ? h : ""}
          </span>
        ))}
        {WEEKDAYS.map((w, i) => (
          <div key={w} className="contents">
            <span className="self-center text-muted-foreground">{w}</span>
            {Array.from({ length: 24 }, (_, h) => {
              const bucket = `${i + 1}:${h}`;
              const n = cells.get(bucket) ?? 0;
              return (
                <button
                  key={bucket}
                  type="button"
                  disabled={n === 0}
                  aria-label={`${w} ${h}:00, ${n} conversations`}
                  title={`${w} ${h}:00 · ${n}`}
                  onClick={() => open({ chart: "heatmap", bucket, title: `${w} ${h}:00–${h + 1}:00` })}
                  className="aspect-square rounded-[3px] bg-secondary outline-none focus-visible:ring-2 focus-visible:ring-ring/60 enabled:cursor-pointer"
                  style={
                    n
                      ? { background: `color-mix(in oklch, var(--primary) ${20 + (80 * n) / max}%, transparent)` }
                      : undefined
                  }
                />
              );
            })}
          </div>
        ))}
      </div>
    </div>
  );
}

const th = "px-2 py-1.5 text-left text-[12px] font-medium text-muted-foreground";
const td = "px-2 py-1.5 tabular-nums";

export function AgentTable({ data, open }: { data: AgentsReport; open: Open }) {
  return (
    <table className="w-full text-[13px]" data-testid="table-agents">
      <thead>
        <tr className="border-b">
          <th className={th}>Agent</th>
          <th className={cn(th, "text-right")}>Handled</th>
          <th className={cn(th, "text-right")}>Resolved</th>
          <th className={cn(th, "text-right")}>Median first response</th>
          <th className={cn(th, "text-right")}>Median resolution</th>
          <th className={cn(th, "text-right")} title="Average of the latest ratings (answered surveys)">
            CSAT
          </th>
          <th className={cn(th, "text-right")} title="SLA targets hit of those that ended">
            SLA hit
          </th>
          <th className={cn(th, "text-right")} title="Average AI quality score (1–5)">
            Quality
          </th>
        </tr>
      </thead>
      <tbody>
        {data.rows.map((r) => (
          <tr key={r.bucket} className="border-b last:border-0 hover:bg-accent/60">
            <td className="px-2 py-1.5">
              <button
                type="button"
                className="rounded text-left font-medium outline-none hover:underline focus-visible:ring-2 focus-visible:ring-ring/60"
                onClick={() => open({ chart: "agents", bucket: r.bucket, title: r.agentName ?? "No agent" })}
              >
                {r.agentName ?? <span className="text-muted-foreground">No agent (AI or unassigned)</span>}
              </button>
            </td>
            <td className={cn(td, "text-right")}>{r.handled}</td>
            <td className={cn(td, "text-right")}>{r.resolved}</td>
            <td className={cn(td, "text-right")}>{duration(r.firstResponseMedian)}</td>
            <td className={cn(td, "text-right")}>{duration(r.resolutionMedian)}</td>
            <td className={cn(td, "text-right")} title={`${r.csatAnswered} answered`}>
              {r.csatAverage === null ? "—" : `${r.csatAverage.toFixed(1)}★`}
            </td>
            <td className={cn(td, "text-right")} title={`${r.slaHit} hit, ${r.slaMissed} missed`}>
              {r.slaHitRate === null ? "—" : `${Math.round(r.slaHitRate * 100)} %`}
            </td>
            <td className={cn(td, "text-right")} title={`${r.qualityScored} scored`}>
              {r.qualityAverage === null ? "—" : r.qualityAverage.toFixed(1)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ChannelTable({ data, open }: { data: ChannelsReport; open: Open }) {
  return (
    <table className="w-full text-[13px]" data-testid="table-channels">
      <thead>
        <tr className="border-b">
          <th className={th}>Channel</th>
          <th className={cn(th, "text-right")}>Conversations</th>
          <th className={cn(th, "text-right")}>Resolved</th>
          <th className={cn(th, "text-right")}>AI involved</th>
          <th className={cn(th, "text-right")}>AI resolved</th>
          <th className={cn(th, "text-right")}>Median first response</th>
          <th className={cn(th, "text-right")}>Median resolution</th>
        </tr>
      </thead>
      <tbody>
        {data.rows.map((r) => (
          <tr key={r.bucket} className="border-b last:border-0 hover:bg-accent/60">
            <td className="px-2 py-1.5">
              <button
                type="button"
                className="rounded text-left font-medium outline-none hover:underline focus-visible:ring-2 focus-visible:ring-ring/60"
                onClick={() => open({ chart: "channels", bucket: r.bucket, title: r.channelName })}
              >
                {r.channelName}
              </button>
            </td>
            <td className={cn(td, "text-right")}>{r.conversations}</td>
            <td className={cn(td, "text-right")}>{r.resolved}</td>
            <td className={cn(td, "text-right")}>{r.aiInvolved}</td>
            <td className={cn(td, "text-right")}>{r.aiResolved}</td>
            <td className={cn(td, "text-right")}>{duration(r.firstResponseMedian)}</td>
            <td className={cn(td, "text-right")}>{duration(r.resolutionMedian)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
