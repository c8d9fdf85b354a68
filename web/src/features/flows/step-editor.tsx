import type { FlowBranch, FlowField, FlowStep } from "@switchboard/contracts";
import { flowFieldTypes, flowOutcomes, flowTools } from "@switchboard/contracts";
import { ArrowDown, ArrowUp, Plus, Trash2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { outcomeLabel, toolLabel } from "./labels";

const sel = "h-8 rounded-md border bg-background px-2 text-[13px] dark:bg-input/20";

const newField = (): FlowField => ({
  key: "new_field",
  label: "New field",
  type: "text",
  ask: "What is it?",
  required: true,
  choices: [],
  confirm: false,
});

/** One step: goal, words, typed fields, allowed tools, branches, where it goes next. */
export function StepEditor({
  step,
  index,
  steps,
  readOnly,
  onChange,
  onMove,
  onRemove,
}: {
  step: FlowStep;
  index: number;
  steps: FlowStep[];
  readOnly: boolean;
  onChange: (s: FlowStep) => void;
  onMove: (delta: -1 | 1) => void;
  onRemove: () => void;
}) {
  const set = (patch: Partial<FlowStep>) => onChange({ ...step, ...patch });
  const setField = (i: number, patch: Partial<FlowField>) =>
    set({ fields: step.fields.map((f, j) => (j === i ? { ...f, ...patch } : f)) });
  const setBranch = (i: number, patch: Partial<FlowBranch>) =>
    set({ branches: step.branches.map((b, j) => (j === i ? { ...b, ...patch } : b)) });
  const id = `step-${index}`;
  const allFields = steps.flatMap((s) => s.fields.map((f) => f.key));
  return (
    <fieldset className="space-y-3 rounded-md border bg-card p-3" disabled={readOnly} data-testid="flow-step">
      <legend className="sr-only">Step {index + 1}</legend>
      <div className="flex flex-wrap items-center gap-2">
        <span className="flex size-6 items-center justify-center rounded-full bg-secondary text-xs font-medium">
          {index + 1}
        </span>
        <Input
          aria-label="Step name"
          className="w-56"
          value={step.name}
          onChange={(e) => set({ name: e.target.value })}
        />
        <Input
          aria-label="Step id"
          className="w-36 font-mono text-xs"
          value={step.id}
          onChange={(e) => set({ id: e.target.value })}
        />
        <div className="ml-auto flex gap-1">
          <Button size="icon-sm" variant="ghost" aria-label="Move up" onClick={() => onMove(-1)} disabled={index === 0}>
            <ArrowUp />
          </Button>
          <Button
            size="icon-sm"
            variant="ghost"
            aria-label="Move down"
            onClick={() => onMove(1)}
            disabled={index === steps.length - 1}
          >
            <ArrowDown />
          </Button>
          <Button
            size="icon-sm"
            variant="ghost"
            aria-label="Remove step"
            onClick={onRemove}
            disabled={steps.length === 1}
          >
            <Trash2 />
          </Button>
        </div>
      </div>
      <div className="grid gap-3 md:grid-cols-2">
        <label className="space-y-1 text-[13px]" htmlFor={`${id}-goal`}>
          <span className="font-medium">Agent's goal</span>
          <Textarea id={`${id}-goal`} rows={3} value={step.goal} onChange={(e) => set({ goal: e.target.value })} />
        </label>
        <label className="space-y-1 text-[13px]" htmlFor={`${id}-say`}>
          <span className="font-medium">Says on entering</span>
          <Textarea id={`${id}-say`} rows={3} value={step.say} onChange={(e) => set({ say: e.target.value })} />
        </label>
      </div>
      <div className="space-y-2">
        <p className="text-[13px] font-medium">Fields to collect</p>
        {step.fields.map((f, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: keys are editable, the position is the identity
          <div key={`${f.key}-${i}`} className="flex flex-wrap items-center gap-2">
            <Input
              aria-label="Field key"
              className="w-32 font-mono text-xs"
              value={f.key}
              onChange={(e) => setField(i, { key: e.target.value })}
            />
            <select
              aria-label="Field type"
              className={sel}
              value={f.type}
              onChange={(e) => setField(i, { type: e.target.value as FlowField["type"] })}
            >
              {flowFieldTypes.map((t) => (
                <option key={t}>{t}</option>
              ))}
            </select>
            <Input
              aria-label="Question"
              className="min-w-48 flex-1"
              value={f.ask}
              onChange={(e) => setField(i, { ask: e.target.value })}
            />
            {f.type === "choice" ? (
              <Input
                aria-label="Choices (comma-separated)"
                className="w-36"
                value={f.choices.join(", ")}
                onChange={(e) =>
                  setField(i, {
                    choices: e.target.value
                      .split(",")
                      .map((c) => c.trim())
                      .filter(Boolean),
                  })
                }
              />
            ) : null}
            <label className="flex items-center gap-1 text-[13px]">
              <input type="checkbox" checked={f.confirm} onChange={(e) => setField(i, { confirm: e.target.checked })} />
              Read back
            </label>
            <Button
              size="icon-sm"
              variant="ghost"
              aria-label={`Remove field ${f.key}`}
              onClick={() => set({ fields: step.fields.filter((_, j) => j !== i) })}
            >
              <Trash2 />
            </Button>
          </div>
        ))}
        <Button size="sm" variant="outline" onClick={() => set({ fields: [...step.fields, newField()] })}>
          <Plus /> Field
        </Button>
      </div>
      <div className="flex flex-wrap gap-3 text-[13px]">
        <span className="font-medium">Tools</span>
        {flowTools.map((t) => (
          <label key={t} className="flex items-center gap-1">
            <input
              type="checkbox"
              checked={step.tools.includes(t)}
              onChange={(e) =>
                set({ tools: e.target.checked ? [...step.tools, t] : step.tools.filter((x) => x !== t) })
              }
            />
            {toolLabel[t]}
          </label>
        ))}
      </div>
      <div className="space-y-2">
        <p className="text-[13px] font-medium">Branches</p>
        {step.branches.map((b, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: branches have no id
          <div key={i} className="flex flex-wrap items-center gap-2 text-[13px]">
            If
            <select
              aria-label="Branch field"
              className={sel}
              value={b.field}
              onChange={(e) => setBranch(i, { field: e.target.value })}
            >
              {allFields.map((k) => (
                <option key={k}>{k}</option>
              ))}
            </select>
            <select
              aria-label="Condition"
              className={sel}
              value={b.op}
              onChange={(e) => setBranch(i, { op: e.target.value as FlowBranch["op"] })}
            >
              <option value="equals">equals</option>
              <option value="not_equals">is not</option>
              <option value="filled">is filled</option>
              <option value="empty">is empty</option>
            </select>
            {b.op === "equals" || b.op === "not_equals" ? (
              <Input
                aria-label="Value"
                className="w-28"
                value={b.value ?? ""}
                onChange={(e) => setBranch(i, { value: e.target.value })}
              />
            ) : null}
            then
            <select
              aria-label="Then"
              className={sel}
              value={b.goto ? `go:${b.goto}` : `end:${b.outcome}`}
              onChange={(e) => {
                const [kind, v] = e.target.value.split(":");
                setBranch(
                  i,
                  kind === "go"
                    ? { goto: v, outcome: undefined }
                    : { outcome: v as FlowBranch["outcome"], goto: undefined },
                );
              }}
            >
              {steps.map((s) => (
                <option key={s.id} value={`go:${s.id}`}>
                  go to {s.name}
                </option>
              ))}
              {flowOutcomes.map((o) => (
                <option key={o} value={`end:${o}`}>
                  end: {outcomeLabel[o]}
                </option>
              ))}
            </select>
            <Button
              size="icon-sm"
              variant="ghost"
              aria-label="Remove branch"
              onClick={() => set({ branches: step.branches.filter((_, j) => j !== i) })}
            >
              <Trash2 />
            </Button>
          </div>
        ))}
        <Button
          size="sm"
          variant="outline"
          disabled={!allFields.length}
          onClick={() =>
            set({
              branches: [
                ...step.branches,
                { field: allFields[0]!, op: "equals", value: "", outcome: "not_interested" },
              ],
            })
          }
        >
          <Plus /> Branch
        </Button>
      </div>
      <div className="flex flex-wrap items-center gap-2 text-[13px]">
        <label htmlFor={`${id}-next`} className="font-medium">
          Otherwise
        </label>
        <select
          id={`${id}-next`}
          className={sel}
          value={step.next ? `go:${step.next}` : `end:${step.outcome ?? "interested"}`}
          onChange={(e) => {
            const [kind, v] = e.target.value.split(":");
            set(kind === "go" ? { next: v!, outcome: null } : { next: null, outcome: v as FlowStep["outcome"] });
          }}
        >
          {steps
            .filter((s) => s.id !== step.id)
            .map((s) => (
              <option key={s.id} value={`go:${s.id}`}>
                go to {s.name}
              </option>
            ))}
          {flowOutcomes.map((o) => (
            <option key={o} value={`end:${o}`}>
              end: {outcomeLabel[o]}
            </option>
          ))}
        </select>
      </div>
    </fieldset>
  );
}
