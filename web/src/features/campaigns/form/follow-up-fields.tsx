import type { ReactNode } from "react";
import { Input } from "@/components/ui/input";
import { Switch } from "@/components/ui/switch";

export type FollowUpDraft = { on: boolean; templateId: string; afterHours: number; when: "no_reply" | "not_read" };
export const defaultFollowUp: FollowUpDraft = { on: false, templateId: "", afterHours: 24, when: "no_reply" };

const selectCls = "h-8 w-full rounded-md border bg-background px-2 text-[13px] dark:bg-input/20";

/** The body's `followUp` (absent when off); `mapping` is the follow-up template's own variables. */
export function followUpBody(f: FollowUpDraft, mapping: unknown) {
  return f.on ? { templateId: f.templateId, afterHours: f.afterHours, when: f.when, mapping } : undefined;
}

/**
 * The optional second message: another approved template of the same number, sent `afterHours`
 * after the first to those who have not replied (or not read) by then. `vars` renders the chosen
 * template's variable rows (the dialog owns the mapping state).
 */
export function FollowUpFields({
  value,
  onChange,
  templates,
  errors,
  vars,
}: {
  value: FollowUpDraft;
  onChange: (f: FollowUpDraft) => void;
  templates: { id: string; name: string; language: string }[];
  errors: Record<string, string>;
  vars?: ReactNode;
}) {
  const set = (p: Partial<FollowUpDraft>) => onChange({ ...value, ...p });
  const err = (k: string) => errors[`followUp.${k}`] ?? (k === "templateId" ? errors.followUp : undefined);
  return (
    <div className="space-y-2 rounded-md border p-3" data-testid="follow-up">
      <div className="flex items-center gap-2">
        <Switch id="campaign-follow-up" checked={value.on} onCheckedChange={(on) => set({ on })} />
        <label htmlFor="campaign-follow-up" className="font-medium">
          Follow-up
        </label>
        <span className="text-xs text-muted-foreground">a second template for those who did not react</span>
      </div>
      {value.on ? (
        <>
          <div className="grid grid-cols-3 gap-3">
            <label className="block space-y-1">
              <span className="text-xs font-medium">Template</span>
              <select
                aria-label="Follow-up template"
                className={selectCls}
                value={value.templateId}
                onChange={(e) => set({ templateId: e.target.value })}
              >
                <option value="">Choose…</option>
                {templates.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.name} ({t.language})
                  </option>
                ))}
              </select>
              {err("templateId") ? <span className="block text-xs text-destructive">{err("templateId")}</span> : null}
            </label>
            <label className="block space-y-1">
              <span className="text-xs font-medium">Send if</span>
              <select
                aria-label="Follow-up condition"
                className={selectCls}
                value={value.when}
                onChange={(e) => set({ when: e.target.value as FollowUpDraft["when"] })}
              >
                <option value="no_reply">no reply</option>
                <option value="not_read">not read</option>
              </select>
            </label>
            <label htmlFor="follow-up-after-hours" className="block space-y-1">
              <span className="text-xs font-medium">after (hours, 1–168)</span>
              <Input
                id="follow-up-after-hours"
                aria-label="Follow-up after hours"
                type="number"
                min={1}
                max={168}
                value={value.afterHours}
                onChange={(e) => set({ afterHours: Number(e.target.value) })}
              />
              {err("afterHours") ? <span className="block text-xs text-destructive">{err("afterHours")}</span> : null}
            </label>
          </div>
          {vars}
          <p className="text-xs text-muted-foreground">
            Counted from each recipient's first message; not sent to those who opted out meanwhile or whose first
            message failed. The campaign completes once every follow-up is sent or skipped.
          </p>
        </>
      ) : null}
    </div>
  );
}
