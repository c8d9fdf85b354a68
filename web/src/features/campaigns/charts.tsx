import type { VariantResult } from "./queries";
import { pct } from "./queries";

export function Variants({ variants }: { variants: VariantResult[] }) {
  return (
    <div
      className="grid gap-3"
      style={{ gridTemplateColumns: `repeat(${Math.min(variants.length, 4)}, minmax(0, 1fr))` }}
    >
      {variants.map((v) => (
        <div key={v.variant} className="rounded-md border p-3 text-[13px]">
          <div className="mb-2 font-medium">
            Variant {v.variant.toUpperCase()} <span className="text-xs text-muted-foreground">{v.templateName}</span>
          </div>
          <dl className="grid grid-cols-2 gap-y-1 tabular-nums">
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
        </div>
      ))}
    </div>
  );
}
