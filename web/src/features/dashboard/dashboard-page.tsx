import type { ReportChart } from "@switchboard/contracts";
import { BarChart3, Download } from "lucide-react";
import { type ReactNode, useMemo, useState } from "react";
import { Link } from "wouter";
import { EmptyState, ErrorState } from "@/components/states";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { Skeleton } from "@/components/ui/skeleton";
import { useAgents } from "@/features/agents/queries";
import { useChannels } from "@/features/settings/channels/queries";
import { selectCls } from "@/features/tickets/create-ticket-dialog";
import { cn } from "@/lib/utils";
import { AgentTable, ChannelTable, FunnelList, Heatmap, TimesChart, VolumeChart } from "./charts";
import { CsatChart, QualityChart, SlaList } from "./outcome-charts";
import { TicketsChart } from "./tickets-chart";
import { csvHref, type Drill, duration, type ReportFilters, useDrillDown, useLiveTiles, useReport } from "./queries";

const localDate = (d: Date) => {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
};
const daysAgo = (n: number) => localDate(new Date(Date.now() - n * 86_400_000));
const ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";

export default function DashboardPage() {
  const [filters, setFilters] = useState<ReportFilters>(() => ({
    from: daysAgo(29),
    to: localDate(new Date()),
    timeZone: ZONE,
    hours: "calendar",
  }));
  const [drill, setDrill] = useState<Drill | null>(null);
  const set = (patch: Partial<ReportFilters>) => setFilters((f) => ({ ...f, ...patch }));
  return (
    <div className="flex h-full w-full min-w-0 flex-1 flex-col overflow-y-auto" data-testid="dashboard">
      <header className="sticky top-0 z-10 flex flex-wrap items-center gap-2 border-b bg-background px-4 py-3">
        <h1 className="mr-auto text-base font-semibold">Dashboard</h1>
        <Filters filters={filters} set={set} />
      </header>
      <div className="flex flex-col gap-4 p-4">
        <LiveTilesRow />
        <div className="grid gap-4 lg:grid-cols-2">
          <ChartCard
            chart="volume"
            title="Conversations by channel"
            filters={filters}
            open={setDrill}
            className="lg:col-span-2"
          >
            {(open) => <VolumeSection filters={filters} open={open} />}
          </ChartCard>
          <ChartCard
            chart="response-times"
            title={`First response and resolution (${filters.hours === "business" ? "business hours" : "calendar hours"})`}
            filters={filters}
            open={setDrill}
            className="lg:col-span-2"
          >
            {(open) => <TimesSection filters={filters} open={open} />}
          </ChartCard>
          <ChartCard chart="ai-funnel" title="AI funnel" filters={filters} open={setDrill}>
            {(open) => (
              <Loaded chart="ai-funnel" filters={filters} render={(d) => <FunnelList data={d} open={open} />} />
            )}
          </ChartCard>
          <ChartCard chart="heatmap" title={`Busiest hours (${filters.timeZone})`} filters={filters} open={setDrill}>
            {(open) => <Loaded chart="heatmap" filters={filters} render={(d) => <Heatmap data={d} open={open} />} />}
          </ChartCard>
          <ChartCard chart="sla" title="SLA hit rate" filters={filters} open={setDrill}>
            {(open) => <Loaded chart="sla" filters={filters} render={(d) => <SlaList data={d} open={open} />} />}
          </ChartCard>
          <ChartCard chart="csat" title="CSAT" filters={filters} open={setDrill}>
            {(open) => <Loaded chart="csat" filters={filters} render={(d) => <CsatChart data={d} open={open} />} />}
          </ChartCard>
          <ChartCard
            chart="quality"
            title="AI quality score"
            filters={filters}
            open={setDrill}
            className="lg:col-span-2"
          >
            {(open) => (
              <Loaded chart="quality" filters={filters} render={(d) => <QualityChart data={d} open={open} />} />
            )}
          </ChartCard>
          <ChartCard chart="tickets" title="Tickets" filters={filters} open={setDrill} className="lg:col-span-2">
            {() => <Loaded chart="tickets" filters={filters} render={(d) => <TicketsChart data={d} />} />}
          </ChartCard>
          <ChartCard chart="agents" title="Agents" filters={filters} open={setDrill} className="lg:col-span-2">
            {(open) => <Loaded chart="agents" filters={filters} render={(d) => <AgentTable data={d} open={open} />} />}
          </ChartCard>
          <ChartCard chart="channels" title="Channels" filters={filters} open={setDrill} className="lg:col-span-2">
            {(open) => (
              <Loaded chart="channels" filters={filters} render={(d) => <ChannelTable data={d} open={open} />} />
            )}
          </ChartCard>
        </div>
        <div className="flex justify-end">
          <Button asChild variant="outline" size="sm">
            <a href={csvHref("conversations", filters)} download data-testid="export-facts">
              <Download /> Export every conversation (CSV)
            </a>
          </Button>
        </div>
      </div>
      <DrillDialog filters={filters} drill={drill} onClose={() => setDrill(null)} />
    </div>
  );
}

function ChartCard({
  chart,
  title,
  filters,
  open,
  children,
  className,
}: {
  chart: ReportChart;
  title: string;
  filters: ReportFilters;
  open: (d: Drill) => void;
  children: (open: (d: Drill) => void) => ReactNode;
  className?: string;
}) {
  return (
    <section
      className={cn("flex min-w-0 flex-col gap-3 rounded-xl border bg-card p-4", className)}
      aria-label={title}
      data-testid={`card-${chart}`}
    >
      <div className="flex items-center gap-2">
        <h2 className="mr-auto text-sm font-semibold">{title}</h2>
        <Button asChild variant="ghost" size="sm">
          <a href={csvHref(chart, filters)} download aria-label={`Export ${title} as CSV`}>
            <Download /> CSV
          </a>
        </Button>
      </div>
      {children(open)}
    </section>
  );
}

function Filters({ filters, set }: { filters: ReportFilters; set: (p: Partial<ReportFilters>) => void }) {
  const channels = useChannels().data ?? [];
  const agents = useAgents().data ?? [];
  return (
    <div className="flex flex-wrap items-center gap-2">
      <label className="flex items-center gap-1 text-[12px] text-muted-foreground">
        From
        <input
          type="date"
          className={cn(selectCls, "w-36")}
          value={filters.from}
          max={filters.to}
          onChange={(e) => e.target.value && set({ from: e.target.value })}
          data-testid="filter-from"
        />
      </label>
      <label className="flex items-center gap-1 text-[12px] text-muted-foreground">
        To
        <input
          type="date"
          className={cn(selectCls, "w-36")}
          value={filters.to}
          min={filters.from}
          onChange={(e) => e.target.value && set({ to: e.target.value })}
          data-testid="filter-to"
        />
      </label>
      <select
        aria-label="Range preset"
        className={cn(selectCls, "w-32")}
        value=""
        onChange={(e) => {
          const n = Number(e.target.value);
          if (n) set({ from: daysAgo(n - 1), to: localDate(new Date()) });
        }}
      >
        <option value="">Quick range…</option>
        <option value="1">Today</option>
        <option value="7">Last 7 days</option>
        <option value="30">Last 30 days</option>
        <option value="90">Last 90 days</option>
      </select>
      <select
        aria-label="Channel"
        className={cn(selectCls, "w-36")}
        value={filters.channel ?? ""}
        onChange={(e) => set({ channel: e.target.value || undefined })}
        data-testid="filter-channel"
      >
        <option value="">All channels</option>
        {channels.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </select>
      <select
        aria-label="Agent"
        className={cn(selectCls, "w-36")}
        value={filters.agent ?? ""}
        onChange={(e) => set({ agent: e.target.value || undefined })}
        data-testid="filter-agent"
      >
        <option value="">All agents</option>
        {agents.map((a) => (
          <option key={a.id} value={a.id}>
            {a.name}
          </option>
        ))}
      </select>
      <select
        aria-label="Hours"
        className={cn(selectCls, "w-36")}
        value={filters.hours}
        onChange={(e) => set({ hours: e.target.value as ReportFilters["hours"] })}
      >
        <option value="calendar">Calendar hours</option>
        <option value="business">Business hours</option>
      </select>
    </div>
  );
}

const TILE_KEYS = ["open", "waiting", "unassigned", "ai", "online", "risk", "breached"];

function LiveTilesRow() {
  const live = useLiveTiles();
  const d = live.data;
  const tiles: Array<[string, ReactNode, string?]> = d
    ? [
        ["Open", d.open],
        ["Waiting", d.waiting, d.longestWaitSeconds !== null ? `longest ${duration(d.longestWaitSeconds)}` : undefined],
        ["Unassigned", d.unassigned],
        ["AI handling now", d.aiHandling],
        ["Agents online", d.agentsOnline],
        ["SLA at risk", d.slaAtRisk ?? "—", d.slaAtRisk === null ? "not measured yet" : undefined],
        ["SLA breached today", d.slaBreachedToday ?? "—", d.slaBreachedToday === null ? "not measured yet" : undefined],
      ]
    : [];
  if (live.isError)
    return <ErrorState error={live.error} title="Couldn't load the live tiles" onRetry={() => void live.refetch()} />;
  return (
    <section
      aria-label="Live"
      className="grid grid-cols-2 gap-2 sm:grid-cols-4 xl:grid-cols-7"
      data-testid="live-tiles"
    >
      {live.isPending
        ? TILE_KEYS.map((k) => <Skeleton key={k} className="h-[74px] rounded-xl" />)
        : tiles.map(([label, value, hint]) => (
            <div key={label} className="rounded-xl border bg-card px-3 py-2.5" data-testid={`tile-${label}`}>
              <p className="truncate text-[12px] text-muted-foreground">{label}</p>
              <p className="text-xl font-semibold tabular-nums">{value}</p>
              <p className="truncate text-[11px] text-muted-foreground">{hint ?? "\u00a0"}</p>
            </div>
          ))}
    </section>
  );
}

type Charts = {
  [C in ReportChart]: NonNullable<ReturnType<typeof useReport<C>>["data"]>;
};

/** Loading, error and empty states around one chart's data. */
function Loaded<C extends ReportChart>({
  chart,
  filters,
  render,
}: {
  chart: C;
  filters: ReportFilters;
  render: (d: Charts[C]) => ReactNode;
}) {
  const q = useReport(chart, filters);
  if (q.isPending) return <Skeleton className="h-40 w-full" />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  const rows = (q.data as { rows: unknown[] }).rows;
  const empty =
    chart === "ai-funnel"
      ? (q.data as Charts["ai-funnel"]).rows[0]?.conversations === 0
      : chart === "sla"
        ? (q.data as Charts["sla"]).rows.every((r) => r.conversations === 0)
        : chart === "csat"
          ? (q.data as Charts["csat"]).answered === 0 && (q.data as Charts["csat"]).surveyed === 0
          : chart === "quality"
            ? (q.data as Charts["quality"]).scored === 0
            : chart === "tickets"
              ? (q.data as Charts["tickets"]).rows.every((r) => r.created + r.solved + r.backlog === 0)
              : rows.length === 0;
  if (empty && chart === "tickets")
    return <EmptyState icon={<BarChart3 />} title="No tickets in this range" className="py-6" />;
  if (empty && chart === "quality")
    return (
      <EmptyState
        icon={<BarChart3 />}
        title="No quality scores in this range"
        description="With a language model configured (Settings → AI), every resolved conversation is scored 1–5."
        className="py-6"
      />
    );
  if (empty) return <EmptyState icon={<BarChart3 />} title="No conversations in this range" className="py-6" />;
  return <>{render(q.data as Charts[C])}</>;
}

function VolumeSection({ filters, open }: { filters: ReportFilters; open: (d: Drill) => void }) {
  return <Loaded chart="volume" filters={filters} render={(d) => <VolumeChart data={d} open={open} />} />;
}

function TimesSection({ filters, open }: { filters: ReportFilters; open: (d: Drill) => void }) {
  return (
    <Loaded
      chart="response-times"
      filters={filters}
      render={(d) => (
        <div className="grid gap-4 md:grid-cols-2">
          <div>
            <p className="mb-1 text-[12px] font-medium text-muted-foreground">First response (humans)</p>
            <TimesChart data={d} metric="first_response" open={open} />
          </div>
          <div>
            <p className="mb-1 text-[12px] font-medium text-muted-foreground">Resolution</p>
            <TimesChart data={d} metric="resolution" open={open} />
          </div>
        </div>
      )}
    />
  );
}

/** The conversations behind a point, cell or row: exactly the fact rows the chart counted. */
function DrillDialog({
  filters,
  drill,
  onClose,
}: {
  filters: ReportFilters;
  drill: Drill | null;
  onClose: () => void;
}) {
  const q = useDrillDown(filters, drill);
  const href = useMemo(
    () =>
      drill
        ? `${csvHref("conversations", filters)}&chart=${drill.chart}&bucket=${encodeURIComponent(drill.bucket)}`
        : "",
    [drill, filters],
  );
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
