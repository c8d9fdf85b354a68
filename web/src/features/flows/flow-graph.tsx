import type { FlowStep } from "@switchboard/contracts";
import { conditionText, outcomeLabel } from "./labels";

const W = 220;
const H = 52;
const GAP = 34;
/** Room on the right for the end labels ("consent equals no → Not interested"). */
const LABELS = 250;
/** The box fits about 34 characters; a cut list says so rather than ending mid-word. */
const clip = (t: string) => (t.length > 34 ? `${t.slice(0, 33).trimEnd()}…` : t);

/** Steps top to bottom; "next" edges on the right, branches on the left with their condition. */
export function FlowGraph({ steps }: { steps: FlowStep[] }) {
  const index = new Map(steps.map((s, i) => [s.id, i]));
  const y = (i: number) => 16 + i * (H + GAP);
  const height = y(steps.length) + 10;
  const x = 170;
  return (
    <div className="overflow-auto rounded-md border bg-card p-2" data-testid="flow-graph">
      <svg width={x + W + LABELS} height={height} role="img" aria-label="Flow graph: steps and branches">
        <defs>
          <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto">
            <path d="M0,0 L10,5 L0,10 z" className="fill-muted-foreground" />
          </marker>
        </defs>
        {steps.map((s, i) => {
          const edges: { to: number; label: string; left: boolean }[] = [];
          if (s.next && index.has(s.next)) edges.push({ to: index.get(s.next)!, label: "next", left: false });
          for (const b of s.branches)
            if (b.goto && index.has(b.goto))
              edges.push({ to: index.get(b.goto)!, label: conditionText(b), left: true });
          const ends = [
            ...s.branches.filter((b) => b.outcome).map((b) => `${conditionText(b)} → ${outcomeLabel[b.outcome!]}`),
            ...(s.outcome ? [`ends: ${outcomeLabel[s.outcome]}`] : []),
          ];
          return (
            <g key={s.id}>
              <rect x={x} y={y(i)} width={W} height={H} rx={8} className="fill-secondary stroke-border" />
              <text x={x + 10} y={y(i) + 20} className="fill-foreground text-[12px] font-medium">
                {i + 1}. {s.name}
              </text>
              <text x={x + 10} y={y(i) + 38} className="fill-muted-foreground text-[11px]">
                {s.fields.length ? clip(s.fields.map((f) => f.key).join(", ")) : "no fields"}
              </text>
              {edges.map((e, j) => {
                const from = y(i) + H / 2;
                const to = y(e.to) + H / 2;
                const side = e.left ? x : x + W;
                const bulge = e.left ? -40 - j * 18 : 40 + j * 18;
                const straight = !e.left && e.to === i + 1;
                return straight ? (
                  <line
                    key={`${e.to}-${e.label}`}
                    x1={x + W / 2}
                    y1={y(i) + H}
                    x2={x + W / 2}
                    y2={y(e.to) - 2}
                    className="stroke-muted-foreground"
                    markerEnd="url(#arrow)"
                  />
                ) : (
                  <g key={`${e.to}-${e.label}`}>
                    <path
                      d={`M${side},${from} C${side + bulge},${from} ${side + bulge},${to} ${side},${to}`}
                      className="fill-none stroke-muted-foreground"
                      markerEnd="url(#arrow)"
                    />
                    <text
                      x={side + bulge + (e.left ? -4 : 4)}
                      y={(from + to) / 2}
                      textAnchor={e.left ? "end" : "start"}
                      className="fill-muted-foreground text-[10px]"
                    >
                      {e.label}
                    </text>
                  </g>
                );
              })}
              {ends.map((label, j) => (
                <text key={label} x={x + W + 8} y={y(i) + 14 + j * 13} className="fill-primary text-[10px]">
                  {label}
                </text>
              ))}
            </g>
          );
        })}
      </svg>
    </div>
  );
}
