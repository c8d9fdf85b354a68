import type { VariantResult, WinnerState } from "@switchboard/contracts";
import { pct } from "./queries";

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
