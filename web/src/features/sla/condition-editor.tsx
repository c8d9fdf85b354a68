import {
  type ContactFieldOp,
  contactFieldOps,
  type SlaCondition,
  type SlaConditionField,
} from "@switchboard/contracts";
import { channelTypes, priorities } from "@switchboard/contracts/values";
import { Plus, Trash2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { useContactFields } from "@/features/contacts/import/queries";
import { useTeams } from "@/features/routing/queries";
import { cn } from "@/lib/utils";
import { rowKey, selectClass } from "./format";

/** A condition as the form edits it: list fields as picked values, text fields as typed text. */
export interface ConditionDraft {
  key: string;
  field: SlaConditionField;
  picked: string[];
  text: string;
  /** The contact field's key. */
  fieldKey: string;
  op: ContactFieldOp;
}

const FIELD_LABELS: Record<SlaConditionField, string> = {
  priority: "Priority",
  channel: "Channel",
  team: "Team",
  tag: "Tag",
  contactField: "Contact field",
};
const OP_LABELS: Record<ContactFieldOp, string> = { equals: "equals", in: "is one of", exists: "is set" };
const splitList = (t: string) =>
  t
    .split(",")
    .map((v) => v.trim())
    .filter(Boolean);

export const emptyDraft = (field: SlaConditionField = "priority"): ConditionDraft => ({
  key: rowKey(),
  field,
  picked: [],
  text: "",
  fieldKey: "",
  op: "equals",
});

export function toDraft(c: SlaCondition): ConditionDraft {
  if (c.field === "tag") return { ...emptyDraft("tag"), text: c.in.join(", ") };
  if (c.field === "contactField")
    return { ...emptyDraft("contactField"), fieldKey: c.key, op: c.op, text: c.values.join(", ") };
  return { ...emptyDraft(c.field), picked: [...c.in] };
}

/** Back to the contract's shape; the caller validates it with the shared schema. */
export function fromDraft(d: ConditionDraft): unknown {
  switch (d.field) {
    case "tag":
      return { field: "tag", in: splitList(d.text) };
    case "contactField":
      return {
        field: "contactField",
        key: d.fieldKey.trim(),
        op: d.op,
        values: d.op === "exists" ? [] : d.op === "equals" ? [d.text.trim()].filter(Boolean) : splitList(d.text),
      };
    default:
      return { field: d.field, in: d.picked };
  }
}

function Chips({
  options,
  picked,
  onChange,
  label,
}: {
  options: { value: string; label: string }[];
  picked: string[];
  onChange: (v: string[]) => void;
  label: string;
}) {
  if (!options.length) return <span className="text-[13px] text-muted-foreground">None to choose from</span>;
  return (
    <fieldset aria-label={label} className="flex flex-wrap gap-1">
      {options.map((o) => {
        const on = picked.includes(o.value);
        return (
          <button
            key={o.value}
            type="button"
            aria-pressed={on}
            onClick={() => onChange(on ? picked.filter((v) => v !== o.value) : [...picked, o.value])}
            className={cn(
              "h-7 rounded-md border px-2 text-xs outline-none focus-visible:ring-2 focus-visible:ring-ring/40",
              on ? "border-primary bg-primary/10 text-foreground" : "text-muted-foreground hover:bg-accent",
            )}
          >
            {o.label}
          </button>
        );
      })}
    </fieldset>
  );
}

/** The policy's conditions; all must hold for the policy to apply (none: it applies to everything). */
export function ConditionEditor({
  drafts,
  onChange,
}: {
  drafts: ConditionDraft[];
  onChange: (d: ConditionDraft[]) => void;
}) {
  const teams = useTeams();
  const fields = useContactFields();
  const set = (i: number, patch: Partial<ConditionDraft>) =>
    onChange(drafts.map((d, j) => (j === i ? { ...d, ...patch } : d)));
  return (
    <div className="grid gap-2">
      {drafts.length ? null : (
        <p className="text-[13px] text-muted-foreground">
          No conditions: this policy applies to everything it reaches.
        </p>
      )}
      {drafts.map((d, i) => (
        <div key={d.key} className="grid grid-cols-[9rem_1fr_auto] items-start gap-2 rounded-md border p-2">
          <select
            aria-label={`Condition ${i + 1} field`}
            className={selectClass}
            value={d.field}
            onChange={(e) => set(i, { ...emptyDraft(e.target.value as SlaConditionField), key: d.key })}
          >
            {Object.entries(FIELD_LABELS).map(([v, l]) => (
              <option key={v} value={v}>
                {l}
              </option>
            ))}
          </select>
          <div className="min-w-0">
            {d.field === "priority" ? (
              <Chips
                label="Priorities"
                options={priorities.map((p) => ({ value: p, label: p }))}
                picked={d.picked}
                onChange={(picked) => set(i, { picked })}
              />
            ) : d.field === "channel" ? (
              <Chips
                label="Channels"
                options={channelTypes.map((c) => ({ value: c, label: c }))}
                picked={d.picked}
                onChange={(picked) => set(i, { picked })}
              />
            ) : d.field === "team" ? (
              <Chips
                label="Teams"
                options={(teams.data ?? []).map((t) => ({ value: t.id, label: t.name }))}
                picked={d.picked}
                onChange={(picked) => set(i, { picked })}
              />
            ) : d.field === "tag" ? (
              <Input
                aria-label="Tags"
                placeholder="billing, vip (any of them)"
                value={d.text}
                onChange={(e) => set(i, { text: e.target.value })}
              />
            ) : (
              <div className="grid grid-cols-[1fr_7rem_1fr] gap-2">
                <Input
                  aria-label="Contact field key"
                  placeholder="plan"
                  list="sla-contact-fields"
                  value={d.fieldKey}
                  onChange={(e) => set(i, { fieldKey: e.target.value })}
                />
                <datalist id="sla-contact-fields">
                  {(fields.data ?? []).map((f) => (
                    <option key={f.key} value={f.key}>
                      {f.label}
                    </option>
                  ))}
                </datalist>
                <select
                  aria-label="Contact field operator"
                  className={selectClass}
                  value={d.op}
                  onChange={(e) => set(i, { op: e.target.value as ContactFieldOp })}
                >
                  {contactFieldOps.map((op) => (
                    <option key={op} value={op}>
                      {OP_LABELS[op]}
                    </option>
                  ))}
                </select>
                {d.op === "exists" ? null : (
                  <Input
                    aria-label="Contact field value"
                    placeholder={d.op === "in" ? "gold, platinum" : "gold"}
                    value={d.text}
                    onChange={(e) => set(i, { text: e.target.value })}
                  />
                )}
              </div>
            )}
          </div>
          <Button
            type="button"
            variant="ghost"
            size="icon-sm"
            aria-label={`Remove condition ${i + 1}`}
            onClick={() => onChange(drafts.filter((_, j) => j !== i))}
          >
            <Trash2 />
          </Button>
        </div>
      ))}
      <div>
        <Button type="button" variant="outline" size="sm" onClick={() => onChange([...drafts, emptyDraft()])}>
          <Plus /> Condition
        </Button>
      </div>
    </div>
  );
}
