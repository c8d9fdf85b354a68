import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";

const selectCls = "h-8 w-full rounded-md border bg-background px-2 text-[13px] dark:bg-input/20";
const KEYS = ["A", "B", "C", "D", "E"] as const;

export interface VariantDraft {
  key: string;
  templateId: string;
  percent: number;
}
export interface WinnerDraft {
  metric: "reply" | "read";
  mode: "manual" | "auto";
  /** Off: every recipient gets a variant at once (no winner to choose). */
  test: boolean;
  testPercent: number;
  testHours: number;
}

export const defaultVariants = (): VariantDraft[] => [
  { key: "A", templateId: "", percent: 50 },
  { key: "B", templateId: "", percent: 50 },
];
export const defaultWinner = (): WinnerDraft => ({
  metric: "reply",
  mode: "auto",
  test: true,
  testPercent: 20,
  testHours: 24,
});

/** What the server checks too (contracts): 2–5 variants with templates, percents summing to 100. */
export function variantsProblem(vs: VariantDraft[], w: WinnerDraft): string | null {
  if (vs.some((v) => !v.templateId)) return "Choose a template for every variant";
  const sum = vs.reduce((n, v) => n + v.percent, 0);
  if (sum !== 100) return `The percents add up to ${sum}, not 100`;
  if (vs.some((v) => v.percent < 1 || !Number.isInteger(v.percent))) return "Each percent is a whole number, 1 or more";
  if (w.test && (w.testPercent < 5 || w.testPercent > 50)) return "The test share is 5–50 %";
  if (w.test && (w.testHours < 1 || w.testHours > 72)) return "The test lasts 1–72 hours";
  if (!w.test && w.mode === "auto") return "An automatic winner needs a test phase";
  return null;
}

/** The request fields of an A/B campaign (the mapping of each variant comes from `mappingOf`). */
export function variantsBody(
  vs: VariantDraft[],
  w: WinnerDraft,
  mappingOf: (key: string, templateId: string) => unknown,
) {
  return {
    variants: vs.map((v) => ({ ...v, mapping: mappingOf(v.key, v.templateId) })),
    winner: w.test
      ? {
          metric: w.metric,
          mode: w.mode,
          testPercent: w.testPercent,
          ...(w.mode === "auto" ? { testHours: w.testHours } : {}),
        }
      : { metric: w.metric, mode: "manual" as const },
  };
}

/**
 * The A/B split: each variant's template and share (the last one added takes its share from the
 * first), its variables (rendered by the dialog, which owns the mapping state), and how the winner
 * is chosen.
 */
export function VariantsEditor({
  templates,
  variants,
  onVariants,
  winner,
  onWinner,
  renderVars,
}: {
  templates: { id: string; name: string; language: string }[];
  variants: VariantDraft[];
  onVariants: (vs: VariantDraft[]) => void;
  winner: WinnerDraft;
  onWinner: (w: WinnerDraft) => void;
  renderVars: (v: VariantDraft) => ReactNode;
}) {
  const set = (i: number, p: Partial<VariantDraft>) =>
    onVariants(variants.map((v, j) => (j === i ? { ...v, ...p } : v)));
  const add = () => {
    const key = KEYS.find((k) => !variants.some((v) => v.key === k));
    if (!key) return;
    const share = Math.floor(variants[0]!.percent / 2);
    onVariants([
      { ...variants[0]!, percent: variants[0]!.percent - share },
      ...variants.slice(1),
      { key, templateId: "", percent: share },
    ]);
  };
  const remove = (i: number) => {
    const rest = variants.filter((_, j) => j !== i);
    // The removed share goes back to the first variant, so the sum stays 100.
    rest[0] = { ...rest[0]!, percent: rest[0]!.percent + variants[i]!.percent };
    onVariants(rest);
  };
  const sum = variants.reduce((n, v) => n + v.percent, 0);
  const problem = variantsProblem(variants, winner);
  return (
    <fieldset className="space-y-3 rounded-md border p-3" data-testid="variants-editor">
      <legend className="px-1 font-medium">A/B variants</legend>
      {variants.map((v, i) => (
        <div key={v.key} className="space-y-2 rounded-md bg-muted/40 p-2">
          <div className="grid grid-cols-[4.5rem_1fr_6rem_auto] items-center gap-2">
            <span className="font-medium">Variant {v.key}</span>
            <select
              className={selectCls}
              value={v.templateId}
              onChange={(e) => set(i, { templateId: e.target.value })}
              aria-label={`Template of variant ${v.key}`}
            >
              <option value="">Choose…</option>
              {templates.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name} ({t.language})
                </option>
              ))}
            </select>
            <div className="flex items-center gap-1">
              <Input
                type="number"
                min={1}
                max={99}
                value={v.percent}
                onChange={(e) => set(i, { percent: Number(e.target.value) })}
                aria-label={`Percent of variant ${v.key}`}
              />
              <span className="text-muted-foreground">%</span>
            </div>
            <Button
              size="sm"
              variant="ghost"
              disabled={variants.length <= 2}
              onClick={() => remove(i)}
              aria-label={`Remove variant ${v.key}`}
            >
              ×
            </Button>
          </div>
          {renderVars(v)}
        </div>
      ))}
      <div className="flex items-center gap-2">
        <Button size="sm" variant="outline" disabled={variants.length >= 5} onClick={add}>
          Add variant
        </Button>
        <span className={`text-xs ${sum === 100 ? "text-muted-foreground" : "text-red-600"}`}>Total {sum}%</span>
      </div>
      <div className="grid grid-cols-2 gap-3 border-t pt-3">
        <label className="block space-y-1">
          <span className="font-medium">Winner by</span>
          <select
            className={selectCls}
            value={winner.metric}
            onChange={(e) => onWinner({ ...winner, metric: e.target.value as WinnerDraft["metric"] })}
            aria-label="Winner metric"
          >
            <option value="reply">Reply rate</option>
            <option value="read">Read rate</option>
          </select>
        </label>
        <label className="block space-y-1">
          <span className="font-medium">Chosen</span>
          <select
            className={selectCls}
            value={winner.mode}
            onChange={(e) => onWinner({ ...winner, mode: e.target.value as WinnerDraft["mode"] })}
            aria-label="Winner mode"
          >
            <option value="auto">Automatically after the test</option>
            <option value="manual">By hand</option>
          </select>
        </label>
        <label className="col-span-2 flex items-center gap-2">
          <input
            type="checkbox"
            checked={winner.test}
            onChange={(e) => onWinner({ ...winner, test: e.target.checked })}
          />
          <span>Test phase: send a share first, the winner gets the rest</span>
        </label>
        {winner.test ? (
          <>
            <label htmlFor="ab-test-percent" className="block space-y-1">
              <span className="font-medium">Test share (5–50 %)</span>
              <Input
                id="ab-test-percent"
                type="number"
                min={5}
                max={50}
                value={winner.testPercent}
                onChange={(e) => onWinner({ ...winner, testPercent: Number(e.target.value) })}
                aria-label="Test percent"
              />
            </label>
            {winner.mode === "auto" ? (
              <label htmlFor="ab-test-hours" className="block space-y-1">
                <span className="font-medium">Test length (1–72 hours)</span>
                <Input
                  id="ab-test-hours"
                  type="number"
                  min={1}
                  max={72}
                  value={winner.testHours}
                  onChange={(e) => onWinner({ ...winner, testHours: Number(e.target.value) })}
                  aria-label="Test hours"
                />
              </label>
            ) : null}
          </>
        ) : null}
      </div>
      {problem ? (
        <p className="text-xs text-red-600" data-testid="variants-problem">
          {problem}
        </p>
      ) : null}
    </fieldset>
  );
}
