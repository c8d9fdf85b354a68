import type { CSSProperties, ReactNode } from "react";
import { ResponsiveContainer } from "recharts";
import { cn } from "@/lib/utils";

/**
 * The shadcn chart pattern, cut to what we use: a config names each series' label and colour (a CSS
 * variable, so light and dark themes need no code), the container exposes them as --color-<key>
 * and styles Recharts' axes and grid with our tokens; the tooltip is a popover-styled card.
 */
export type ChartConfig = Record<string, { label: string; color: string }>;

export function ChartContainer({
  config,
  className,
  children,
  ...rest
}: {
  config: ChartConfig;
  className?: string;
  children: ReactNode;
  "data-testid"?: string;
  "aria-label"?: string;
}) {
  const vars = Object.fromEntries(Object.entries(config).map(([k, v]) => [`--color-${k}`, v.color])) as CSSProperties;
  return (
    <div
      role="img"
      className={cn(
        "w-full text-xs [&_.recharts-cartesian-axis-tick_text]:fill-muted-foreground [&_.recharts-cartesian-grid_line]:stroke-border/60 [&_.recharts-rectangle.recharts-tooltip-cursor]:fill-accent/60 [&_.recharts-surface]:outline-none",
        className,
      )}
      style={vars}
      {...rest}
    >
      <ResponsiveContainer width="100%" height="100%" minWidth={0} initialDimension={{ width: 320, height: 128 }}>
        {children as React.ReactElement}
      </ResponsiveContainer>
    </div>
  );
}

type TooltipItem = { dataKey?: string | number; value?: number | string; name?: string | number };

/** Pass as `<Tooltip content={<ChartTooltipContent config={…} />} />`; Recharts fills active/payload/label. */
export function ChartTooltipContent({
  config,
  active,
  payload,
  label,
  labelFormatter,
}: {
  config: ChartConfig;
  active?: boolean;
  payload?: TooltipItem[];
  label?: string | number;
  labelFormatter?: (label: string | number) => ReactNode;
}) {
  if (!active || !payload?.length) return null;
  return (
    <div className="min-w-32 rounded-md border bg-popover px-2.5 py-1.5 text-xs text-popover-foreground shadow-md">
      {label !== undefined ? (
        <div className="mb-1 font-medium">{labelFormatter ? labelFormatter(label) : label}</div>
      ) : null}
      {payload.map((p) => {
        const key = String(p.dataKey ?? p.name);
        return (
          <div key={key} className="flex items-center gap-2">
            <span className="size-2 shrink-0 rounded-[2px]" style={{ background: `var(--color-${key})` }} />
            <span className="text-muted-foreground">{config[key]?.label ?? key}</span>
            <span className="ml-auto font-medium tabular-nums">{p.value}</span>
          </div>
        );
      })}
    </div>
  );
}
