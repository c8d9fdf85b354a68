import { Switch } from "@/components/ui/switch";

export type MarketingDraft = { on: boolean; ttlSeconds: number | null };

const ttls: [string, number | null][] = [
  ["Meta's default", null],
  ["12 hours", 43_200],
  ["1 day", 86_400],
  ["3 days", 259_200],
  ["7 days", 604_800],
  ["30 days", 2_592_000],
];
const selectCls = "h-8 rounded-md border bg-background px-2 text-[13px] dark:bg-input/20";

export function marketingBody(m: MarketingDraft) {
  return m.on ? { enabled: true as const, ...(m.ttlSeconds ? { ttlSeconds: m.ttlSeconds } : {}) } : undefined;
}

/** The Marketing Messages API option; only MARKETING templates may use it (the server refuses others). */
export function MarketingApiField({
  value,
  onChange,
  category,
  error,
}: {
  value: MarketingDraft;
  onChange: (m: MarketingDraft) => void;
  category: string | null | undefined;
  error?: string;
}) {
  const marketing = category === "MARKETING";
  return (
    <div className="space-y-1 rounded-md border p-3" data-testid="marketing-api">
      <div className="flex items-center gap-2">
        <Switch
          id="campaign-mm-api"
          checked={value.on && marketing}
          disabled={!marketing}
          onCheckedChange={(on) => onChange({ ...value, on })}
        />
        <label htmlFor="campaign-mm-api" className="font-medium">
          Marketing Messages API
        </label>
        {value.on && marketing ? (
          <select
            aria-label="Time to live"
            className={`${selectCls} ml-auto`}
            value={value.ttlSeconds ?? ""}
            onChange={(e) => onChange({ ...value, ttlSeconds: e.target.value ? Number(e.target.value) : null })}
          >
            {ttls.map(([label, s]) => (
              <option key={label} value={s ?? ""}>
                {label === "Meta's default" ? label : `expire after ${label}`}
              </option>
            ))}
          </select>
        ) : null}
      </div>
      <p className="text-xs text-muted-foreground">
        {marketing
          ? "Meta's endpoint for marketing templates: it optimises delivery and drops messages not delivered within the time to live."
          : category
            ? "For MARKETING templates only; the chosen template is not one."
            : "For MARKETING templates only: choose one to use it."}
      </p>
      {error ? <p className="text-xs text-destructive">{error}</p> : null}
    </div>
  );
}
