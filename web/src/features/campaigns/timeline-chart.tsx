import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from "recharts";
import { type ChartConfig, ChartContainer, ChartTooltipContent } from "@/components/ui/chart";
import type { Stats } from "./queries";

const config = {
  sent: { label: "Sent", color: "var(--primary)" },
  failed: { label: "Failed", color: "var(--destructive)" },
} satisfies ChartConfig;

const hm = (iso: string | number) => new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });

/** Sends per minute, the last hour of them, failed stacked on sent. */
export function TimelineChart({ points }: { points: Stats["timeline"] }) {
  if (!points.length) return <p className="text-[13px] text-muted-foreground">Nothing sent yet.</p>;
  const last = points.slice(-60);
  return (
    <ChartContainer config={config} className="h-52" aria-label="Sends per minute" data-testid="campaign-timeline">
      <BarChart data={last} margin={{ top: 4, right: 4, bottom: 0, left: 0 }}>
        <CartesianGrid vertical={false} />
        <XAxis dataKey="minute" tickFormatter={hm} tickLine={false} axisLine={false} minTickGap={24} />
        <YAxis width={36} allowDecimals={false} tickLine={false} axisLine={false} />
        <Tooltip content={<ChartTooltipContent config={config} labelFormatter={hm} />} />
        <Bar dataKey="sent" stackId="a" fill="var(--color-sent)" maxBarSize={28} isAnimationActive={false} />
        <Bar
          dataKey="failed"
          stackId="a"
          fill="var(--color-failed)"
          radius={[3, 3, 0, 0]}
          maxBarSize={28}
          isAnimationActive={false}
        />
      </BarChart>
    </ChartContainer>
  );
}
