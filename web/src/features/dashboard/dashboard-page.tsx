import { Download } from "lucide-react";
import { type ReactNode, useState } from "react";
import { ErrorState } from "@/components/states";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { ChartCard, Loaded } from "./chart-card";
import { AgentTable, ChannelTable, FunnelList, Heatmap, TimesChart, VolumeChart } from "./charts";
import { DrillDialog } from "./drill-dialog";
import { daysAgo, FilterRow, localDate, RangeFilters } from "./filter-row";
import { GapsTable } from "./gaps-card";
import { CsatChart, QualityChart, SlaList } from "./outcome-charts";
import { csvHref, type Drill, duration, type ReportFilters, useLiveTiles } from "./queries";
import { TicketsChart } from "./tickets-chart";

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
      <header className="sticky top-0 z-10 flex flex-col gap-2 border-b bg-background px-4 py-3">
        <div className="flex items-center gap-2">
          <h1 className="mr-auto text-base font-semibold">Dashboard</h1>
          <RangeFilters filters={filters} set={set} />
        </div>
        <FilterRow filters={filters} set={set} />
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
            {(open) => (
              <Loaded chart="tickets" filters={filters} render={(d) => <TicketsChart data={d} open={open} />} />
            )}
          </ChartCard>
          <ChartCard
            chart="knowledge-gaps"
            title="Unanswered questions"
            filters={filters}
            open={setDrill}
            className="lg:col-span-2"
          >
            {(open) => (
              <Loaded chart="knowledge-gaps" filters={filters} render={(d) => <GapsTable data={d} open={open} />} />
            )}
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
