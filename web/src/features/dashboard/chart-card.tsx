import type { ReportChart } from "@switchboard/contracts";
import { BarChart3, Download } from "lucide-react";
import type { ReactNode } from "react";
import { EmptyState, ErrorState } from "@/components/states";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { cn } from "@/lib/utils";
import { csvHref, type Drill, type ReportFilters, useReport } from "./queries";

/** One card of the dashboard: its title, its CSV (exactly its rows) and the chart. */
export function ChartCard({
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

export type Charts = {
  [C in ReportChart]: NonNullable<ReturnType<typeof useReport<C>>["data"]>;
};

/** Loading, error and empty states around one chart's data. */
export function Loaded<C extends ReportChart>({
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
  if (empty && chart === "knowledge-gaps")
    return (
      <EmptyState
        icon={<BarChart3 />}
        title="No unanswered questions in this range"
        description="Questions the AI handed off for missing knowledge, and answers marked wrong, show here."
        className="py-6"
      />
    );
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
