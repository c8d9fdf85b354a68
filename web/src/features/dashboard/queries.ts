import type {
  AgentsReport,
  AiFunnelReport,
  ChannelsReport,
  CsatReport,
  DrillDownResult,
  HeatmapReport,
  KnowledgeGapsReport,
  LiveTiles,
  QualityReport,
  ReportChart,
  ResponseTimesReport,
  SlaReport,
  TicketsDrillDownResult,
  TicketsReport,
  VolumeReport,
} from "@switchboard/contracts";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api, withQuery } from "@/lib/api";

/** The dashboard's filters, as the /api/reports query takes them. Everything under ["reports"] refetches on reports.changed. */
export interface ReportFilters {
  from: string;
  to: string;
  timeZone: string;
  channel?: string;
  agent?: string;
  team?: string;
  tag?: string;
  hours: "calendar" | "business";
}

type ChartData = {
  volume: VolumeReport;
  "response-times": ResponseTimesReport;
  "ai-funnel": AiFunnelReport;
  heatmap: HeatmapReport;
  agents: AgentsReport;
  channels: ChannelsReport;
  sla: SlaReport;
  csat: CsatReport;
  quality: QualityReport;
  tickets: TicketsReport;
  "knowledge-gaps": KnowledgeGapsReport;
};

const query = (f: ReportFilters) => ({ ...f }) as Record<string, string | undefined>;

export function useReport<C extends ReportChart>(chart: C, f: ReportFilters) {
  return useQuery({
    queryKey: ["reports", chart, f],
    queryFn: ({ signal }) => api<ChartData[C]>(`/api/reports/${chart}`, { query: query(f), signal }),
    placeholderData: keepPreviousData,
  });
}

export function useLiveTiles() {
  return useQuery({
    queryKey: ["reports", "live"],
    queryFn: ({ signal }) => api<LiveTiles>("/api/reports/live", { signal }),
  });
}

export interface Drill {
  chart: ReportChart;
  bucket: string;
  title: string;
}

export function useDrillDown(f: ReportFilters, d: Drill | null) {
  return useQuery({
    queryKey: ["reports", "conversations", f, d],
    queryFn: ({ signal }) =>
      api<DrillDownResult>("/api/reports/conversations", {
        query: { ...query(f), chart: d?.chart, bucket: d?.bucket, limit: 500 },
        signal,
      }),
    enabled: d !== null,
  });
}

/** The tickets behind a bucket of the tickets report. */
export function useTicketsDrillDown(f: ReportFilters, d: Drill | null) {
  return useQuery({
    queryKey: ["reports", "tickets-drill-down", f, d],
    queryFn: ({ signal }) =>
      api<TicketsDrillDownResult>("/api/reports/tickets/drill-down", {
        query: { ...query(f), bucket: d?.bucket, limit: 500 },
        signal,
      }),
    enabled: d !== null,
  });
}

/** The CSV of exactly what a chart shows (its JSON rows), or of the fact rows with `chart` = "conversations". */
export const csvHref = (chart: ReportChart | "conversations" | "tickets/drill-down", f: ReportFilters) =>
  withQuery(`/api/reports/${chart}`, { ...query(f), format: "csv" });

/** "1 h 5 min", "42 s"; null as an em dash. */
export function duration(s: number | null | undefined): string {
  if (s === null || s === undefined) return "—";
  const v = Math.round(s);
  if (v < 60) return `${v} s`;
  if (v < 3600) return `${Math.round(v / 60)} min`;
  const h = Math.floor(v / 3600);
  const m = Math.round((v % 3600) / 60);
  if (h < 48) return m ? `${h} h ${m} min` : `${h} h`;
  return `${Math.round(h / 24)} d`;
}

export const percent = (r: number | null) => (r === null ? "—" : `${Math.round(r * 1000) / 10} %`);
