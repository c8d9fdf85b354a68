import type { TicketsReport } from "@switchboard/contracts";
import { Link } from "wouter";
import { Bar, CartesianGrid, ComposedChart, Line, Tooltip, XAxis, YAxis } from "recharts";
import { type ChartConfig, ChartContainer, ChartTooltipContent } from "@/components/ui/chart";
import { Legend, PALETTE } from "./charts";
import type { Drill } from "./queries";

const config: ChartConfig = {
  created: { label: "Created", color: PALETTE[0]! },
  solved: { label: "Solved", color: PALETTE[1]! },
  backlog: { label: "Backlog (day's end)", color: PALETTE[2]! },
};
const dayLabel = (d: string | number) =>
  new Date(`${d}T12:00:00Z`).toLocaleDateString([], { month: "short", day: "numeric", timeZone: "UTC" });
const th = "px-2 py-1.5 text-left text-[11px] font-medium uppercase tracking-wide text-muted-foreground";
const td = "px-2 py-1.5 tabular-nums text-right";

/**
 * Tickets per local day (created and solved as bars, the backlog at each day's end as a line) and
 * per priority. A bar, a backlog point or a priority row opens the tickets behind it (GET /api/reports/tickets/drill-down).
 */
export function TicketsChart({ data, open }: { data: TicketsReport; open: (d: Drill) => void }) {
  const bar = (kind: "created" | "solved") => (d: { payload?: { day?: string } }) => {
    const day = d.payload?.day;
    if (day) open({ chart: "tickets", bucket: `${kind}:${day}`, title: `${config[kind]!.label} · ${dayLabel(day)}` });
  };
  return (
    <div className="grid gap-4 lg:grid-cols-[1fr_16rem]">
      <div className="flex flex-col gap-2">
        <Legend
          items={(["created", "solved", "backlog"] as const).map((k) => ({
            key: k,
            label: String(config[k]!.label),
            color: config[k]!.color!,
            dashed: k === "backlog",
          }))}
        />
        <ChartContainer config={config} className="h-52" aria-label="Tickets per day" data-testid="chart-tickets">
          <ComposedChart data={data.rows} margin={{ top: 4, right: 4, bottom: 0, left: 0 }}>
            <CartesianGrid vertical={false} />
            <XAxis dataKey="day" tickFormatter={dayLabel} tickLine={false} axisLine={false} minTickGap={16} />
            <YAxis width={32} allowDecimals={false} tickLine={false} axisLine={false} />
            <Tooltip content={<ChartTooltipContent config={config} labelFormatter={dayLabel} />} />
            <Bar
              dataKey="created"
              fill="var(--color-created)"
              maxBarSize={18}
              isAnimationActive={false}
              className="cursor-pointer"
              onClick={bar("created")}
            />
            <Bar
              dataKey="solved"
              fill="var(--color-solved)"
              maxBarSize={18}
              isAnimationActive={false}
              className="cursor-pointer"
              onClick={bar("solved")}
            />
            <Line
              dataKey="backlog"
              stroke="var(--color-backlog)"
              strokeDasharray="4 3"
              strokeWidth={2}
              // Each day's point opens the tickets open at that day's end; a wider invisible ring makes
              // the small dot easy to hit.
              dot={(p: { cx?: number; cy?: number; index?: number; payload?: { day?: string } }) => {
                const day = p.payload?.day;
                if (p.cx === undefined || p.cy === undefined || !day) return <g key={p.index} />;
                return (
                  <g
                    key={day}
                    className="cursor-pointer"
                    data-testid={`backlog-${day}`}
                    onClick={() =>
                      open({ chart: "tickets", bucket: `backlog:${day}`, title: `Backlog · ${dayLabel(day)}` })
                    }
                  >
                    <circle cx={p.cx} cy={p.cy} r={9} fill="transparent" />
                    <circle cx={p.cx} cy={p.cy} r={2.5} fill="var(--color-backlog)" />
                  </g>
                );
              }}
              // No hover dot drawn over the clickable one: it would take the click.
              activeDot={false}
              isAnimationActive={false}
            />
          </ComposedChart>
        </ChartContainer>
      </div>
      <div className="flex flex-col gap-2">
        <table className="w-full text-[13px]" data-testid="table-ticket-priorities">
          <thead>
            <tr className="border-b">
              <th className={th}>Priority</th>
              <th className={`${th} text-right`}>Created</th>
              <th className={`${th} text-right`}>Solved</th>
              <th className={`${th} text-right`}>Open</th>
            </tr>
          </thead>
          <tbody>
            {[...data.byPriority].reverse().map((p) => (
              <tr key={p.priority} className="border-b last:border-0 hover:bg-accent/60">
                <td className="px-2 py-1.5 capitalize">
                  <button
                    type="button"
                    className="capitalize hover:underline"
                    data-testid={`priority-${p.priority}`}
                    onClick={() =>
                      open({ chart: "tickets", bucket: `priority:${p.priority}`, title: `Priority ${p.priority}` })
                    }
                  >
                    {p.priority}
                  </button>
                </td>
                <td className={td}>{p.created}</td>
                <td className={td}>{p.solved}</td>
                <td className={td}>{p.open}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <Link href="/tickets" className="self-end text-[12px] text-primary hover:underline">
          Open the tickets →
        </Link>
      </div>
    </div>
  );
}
