import type { ReactNode } from "react";
import { Bar, BarChart, Cell, Tooltip, XAxis, YAxis } from "recharts";
import { type ChartConfig, ChartContainer, ChartTooltipContent } from "@/components/ui/chart";
import { pct } from "./queries";

type Stages = { sent: number; delivered: number; read: number; replied: number };

const config = {
  count: { label: "Recipients", color: "var(--primary)" },
} satisfies ChartConfig;

/**
 * Sent → delivered → read → replied as horizontal bars over the audience. The numbers stay as text
 * beside the chart too (read by tests and screen readers); `action` renders under each step (retarget).
 */
export function FunnelChart({
  total,
  stages,
  action,
}: {
  total: number;
  stages: Stages;
  action?: (step: keyof Stages) => ReactNode;
}) {
  const rows = [
    { key: "sent", label: "Sent", count: stages.sent, of: total },
    { key: "delivered", label: "Delivered", count: stages.delivered, of: stages.sent },
    { key: "read", label: "Read", count: stages.read, of: stages.sent },
    { key: "replied", label: "Replied", count: stages.replied, of: stages.sent },
  ] as const;
  return (
    <div className="grid grid-cols-[minmax(0,1fr)_auto] gap-x-3" data-testid="campaign-funnel">
      <ChartContainer config={config} className="h-40" aria-label="Funnel: sent, delivered, read, replied">
        <BarChart
          data={[...rows]}
          layout="vertical"
          margin={{ top: 4, right: 8, bottom: 4, left: 0 }}
          barCategoryGap={6}
        >
          <XAxis type="number" hide domain={[0, Math.max(total, 1)]} />
          <YAxis type="category" dataKey="label" width={72} tickLine={false} axisLine={false} />
          <Tooltip
            cursor={false}
            content={
              <ChartTooltipContent
                config={config}
                labelFormatter={(l) => {
                  const r = rows.find((x) => x.label === l);
                  return r ? `${r.label} · ${pct(r.count, r.of)} of ${r.key === "sent" ? "the audience" : "sent"}` : l;
                }}
              />
            }
          />
          <Bar
            dataKey="count"
            radius={4}
            isAnimationActive={false}
            background={{ fill: "var(--secondary)", radius: 4 }}
          >
            {rows.map((r, i) => (
              <Cell key={r.key} fill="var(--color-count)" fillOpacity={1 - i * 0.15} />
            ))}
          </Bar>
        </BarChart>
      </ChartContainer>
      <dl className="grid h-40 content-around text-right text-[13px] tabular-nums">
        {rows.map((r) => (
          <div key={r.key} className="flex items-center justify-end gap-2">
            <dt className="sr-only">{r.label}</dt>
            <dd data-testid={`funnel-${r.key}`}>
              {r.count} <span className="text-xs text-muted-foreground">{pct(r.count, r.of)}</span>
            </dd>
          </div>
        ))}
      </dl>
      {action ? <div className="col-span-2 mt-2 flex flex-wrap gap-1.5">{rows.map((r) => action(r.key))}</div> : null}
    </div>
  );
}
