import type { VariantResult, WinnerState } from "@switchboard/contracts";
import type { Stats } from "./queries";
import { pct } from "./queries";

/**
 * CSS bar charts: recharts is not a dependency of this repo, and a funnel of four bars and a
 * per-minute column chart need no charting library.
 */
export function Funnel({
  total,
  stages,
}: {
  total: number;
  stages: { sent: number; delivered: number; read: number; replied: number };
}) {
  const rows = [
    ["Sent", stages.sent, total],
    ["Delivered", stages.delivered, stages.sent],
    ["Read", stages.read, stages.sent],
    ["Replied", stages.replied, stages.sent],
  ] as const;
  const max = Math.max(total, 1);
  return (
    <div className="space-y-2 text-[13px]" data-testid="campaign-funnel">
      {rows.map(([label, n, of]) => (
        <div key={label} className="grid grid-cols-[5.5rem_1fr_5.5rem] items-center gap-2">
          <span className="text-muted-foreground">{label}</span>
          <div className="h-5 overflow-hidden rounded bg-secondary">
            <div className="h-full rounded bg-primary/80" style={{ width: `${(n / max) * 100}%` }} />
          </div>
          <span className="text-right tabular-nums" data-testid={`funnel-${label.toLowerCase()}`}>
            {n} <span className="text-xs text-muted-foreground">{pct(n, of)}</span>
          </span>
        </div>
      ))}
    </div>
  );
}

export function Timeline({ points }: { points: Stats["timeline"] }) {
  if (!points.length) return <p className="text-[13px] text-muted-foreground">Nothing sent yet.</p>;
  const last = points.slice(-60);
  const max = Math.max(...last.map((p) => p.sent + p.failed), 1);
  return (
    <div>
      <div className="flex h-32 gap-px" role="img" aria-label="Sends per minute">
        {last.map((p) => (
          <div
            key={p.minute}
            className="flex min-w-1 max-w-8 flex-1 flex-col justify-end"
            title={`${new Date(p.minute).toLocaleTimeString()}: ${p.sent} sent, ${p.failed} failed`}
          >
            <div className="bg-red-500/70" style={{ height: `${(p.failed / max) * 100}%` }} />
            <div className="bg-primary/80" style={{ height: `${(p.sent / max) * 100}%` }} />
          </div>
        ))}
      </div>
      <div className="mt-1 flex justify-between text-xs text-muted-foreground">
        <span>{new Date(last[0]!.minute).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })}</span>
        <span>peak {max}/min</span>
        <span>
          {new Date(last[last.length - 1]!.minute).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })}
        </span>
      </div>
    </div>
  );
}

/** The variants side by side; the winner marked, the rest held for it counted under the cards. */
export function Variants({
  variants,
  winner,
  held,
  onChoose,
}: {
  variants: VariantResult[];
  winner: WinnerState | null | undefined;
  held: number;
  /** Offered while a test phase waits for a person's choice (admins only). */
  onChoose?: (key: string) => void;
}) {
  const metric = winner?.metric === "read" ? "read" : "reply";
  return (
    <div className="grid gap-3">
      <div
        className="grid gap-3"
        style={{ gridTemplateColumns: `repeat(${Math.min(variants.length, 5)}, minmax(0, 1fr))` }}
      >
        {variants.map((v) => (
          <div
            key={v.key}
            className={`rounded-md border p-3 text-[13px] ${winner?.variant === v.key ? "border-emerald-500" : ""}`}
            data-testid={`variant-${v.key}`}
          >
            <div className="mb-2 flex items-baseline gap-2 font-medium">
              Variant {v.key}
              <span className="truncate text-xs font-normal text-muted-foreground">
                {v.templateName} · {v.percent}%
              </span>
              {winner?.variant === v.key ? (
                <span className="ml-auto text-xs font-medium text-emerald-600">Winner</span>
              ) : null}
            </div>
            <dl className="grid grid-cols-2 gap-y-1 tabular-nums">
              <dt className="text-muted-foreground">Recipients</dt>
              <dd className="text-right">{v.recipients}</dd>
              <dt className="text-muted-foreground">Sent</dt>
              <dd className="text-right">{v.sent}</dd>
              <dt className="text-muted-foreground">Delivered</dt>
              <dd className="text-right">{pct(v.delivered, v.sent)}</dd>
              <dt className="text-muted-foreground">Read</dt>
              <dd className="text-right">{pct(v.read, v.sent)}</dd>
              <dt className="text-muted-foreground">Replied</dt>
              <dd className="text-right">{pct(v.replied, v.sent)}</dd>
              <dt className="text-muted-foreground">Failed</dt>
              <dd className="text-right">{v.failed}</dd>
            </dl>
            {onChoose ? (
              <button
                type="button"
                className="mt-2 w-full rounded-md border px-2 py-1 text-xs hover:bg-muted"
                onClick={() => onChoose(v.key)}
              >
                Choose {v.key} as winner
              </button>
            ) : null}
          </div>
        ))}
      </div>
      {winner ? (
        <p className="text-xs text-muted-foreground">
          {winner.variant
            ? `Variant ${winner.variant} won on ${metric} rate (${winner.mode === "auto" ? "automatically" : "chosen by hand"}, ${winner.chosenAt ? new Date(winner.chosenAt).toLocaleString() : ""}).`
            : winner.testPercent
              ? `Test phase: ${winner.testPercent}% of the audience first; ${held} held for the winner${
                  winner.testEndsAt
                    ? `, chosen by ${metric} rate at ${new Date(winner.testEndsAt).toLocaleString()}`
                    : ", chosen by hand"
                }.`
              : "No test phase: every recipient got a variant at once."}
        </p>
      ) : null}
    </div>
  );
}
