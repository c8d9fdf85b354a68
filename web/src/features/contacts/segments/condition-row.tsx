import type { ContactField, Label, SegmentCondition } from "@switchboard/contracts";
import { X } from "lucide-react";
import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";

const box =
  "h-8 rounded-md border border-input bg-background px-2 text-[12.5px] shadow-xs outline-none focus-visible:border-ring focus-visible:ring-2 focus-visible:ring-ring/30 dark:bg-input/20";

function Pick({
  value,
  onChange,
  label,
  children,
}: {
  value: string;
  onChange: (v: string) => void;
  label: string;
  children: ReactNode;
}) {
  return (
    <select aria-label={label} className={box} value={value} onChange={(e) => onChange(e.target.value)}>
      {children}
    </select>
  );
}

/** A new condition of a kind, with sensible defaults (the first tag, field…). */
export function newCondition(kind: string, labels: Label[], fields: ContactField[]): SegmentCondition {
  const field = (t: string) => fields.find((f) => f.type === t)?.key ?? "";
  switch (kind) {
    case "tag":
      return { type: "tag", labelId: labels[0]?.id ?? "", negate: false };
    case "number":
      return { type: "number", key: field("number"), op: "gt", value: 0 };
    case "date":
      return { type: "date", key: field("date"), op: "within_days", value: 30 };
    case "choice":
      return {
        type: "choice",
        key: field("choice"),
        values: [fields.find((f) => f.type === "choice")?.options[0] ?? ""],
      };
    case "consent":
      return { type: "consent", status: "opted_in" };
    case "identity":
      return { type: "identity", channelType: "whatsapp", negate: false };
    case "created":
      return { type: "created", withinDays: 30 };
    case "last_inbound":
      return { type: "last_inbound", op: "within", days: 30 };
    default:
      return { type: "text", key: field("text"), op: "contains", value: "" };
  }
}

export const conditionKinds: [string, string][] = [
  ["tag", "Tag"],
  ["text", "Text field"],
  ["number", "Number field"],
  ["date", "Date field"],
  ["choice", "Choice field"],
  ["consent", "Consent"],
  ["identity", "Channel"],
  ["created", "Created"],
  ["last_inbound", "Last message from them"],
];

export function ConditionRow({
  c,
  labels,
  fields,
  onChange,
  onRemove,
}: {
  c: SegmentCondition;
  labels: Label[];
  fields: ContactField[];
  onChange: (c: SegmentCondition) => void;
  onRemove: () => void;
}) {
  const keyPick = (type: string, key: string, set: (k: string) => void) => (
    <Pick label="Field" value={key} onChange={set}>
      {fields
        .filter((f) => f.type === type)
        .map((f) => (
          <option key={f.key} value={f.key}>
            {f.label}
          </option>
        ))}
    </Pick>
  );
  const num = (v: number, set: (n: number) => void, label: string) => (
    <input
      aria-label={label}
      type="number"
      className={`${box} w-20`}
      value={v}
      onChange={(e) => set(Number(e.target.value))}
    />
  );
  let editor: ReactNode = null;
  switch (c.type) {
    case "tag":
      editor = (
        <>
          <Pick label="Has" value={c.negate ? "not" : "has"} onChange={(v) => onChange({ ...c, negate: v === "not" })}>
            <option value="has">has</option>
            <option value="not">has not</option>
          </Pick>
          <Pick label="Tag" value={c.labelId} onChange={(v) => onChange({ ...c, labelId: v })}>
            {labels.map((l) => (
              <option key={l.id} value={l.id}>
                {l.name}
              </option>
            ))}
          </Pick>
        </>
      );
      break;
    case "text":
      editor = (
        <>
          {keyPick("text", c.key, (key) => onChange({ ...c, key }))}
          <Pick label="Operator" value={c.op} onChange={(v) => onChange({ ...c, op: v as "equals" | "contains" })}>
            <option value="contains">contains</option>
            <option value="equals">equals</option>
          </Pick>
          <input
            aria-label="Value"
            className={`${box} w-40`}
            value={c.value}
            onChange={(e) => onChange({ ...c, value: e.target.value })}
          />
        </>
      );
      break;
    case "number":
      editor = (
        <>
          {keyPick("number", c.key, (key) => onChange({ ...c, key }))}
          <Pick label="Operator" value={c.op} onChange={(v) => onChange({ ...c, op: v as "eq" | "lt" | "gt" })}>
            <option value="gt">&gt;</option>
            <option value="lt">&lt;</option>
            <option value="eq">=</option>
          </Pick>
          {num(c.value, (value) => onChange({ ...c, value }), "Value")}
        </>
      );
      break;
    case "date":
      editor = (
        <>
          {keyPick("date", c.key, (key) => onChange({ ...c, key }))}
          <Pick
            label="Operator"
            value={c.op}
            onChange={(v) =>
              onChange(
                v === "within_days"
                  ? { ...c, op: "within_days", value: 30 }
                  : { ...c, op: v as "before" | "after", value: new Date().toISOString().slice(0, 10) },
              )
            }
          >
            <option value="within_days">within the last</option>
            <option value="before">before</option>
            <option value="after">after</option>
          </Pick>
          {c.op === "within_days" ? (
            <>
              {num(Number(c.value), (value) => onChange({ ...c, value }), "Days")}
              <span className="text-[12.5px] text-muted-foreground">days</span>
            </>
          ) : (
            <input
              aria-label="Date"
              type="date"
              className={box}
              value={String(c.value)}
              onChange={(e) => onChange({ ...c, value: e.target.value })}
            />
          )}
        </>
      );
      break;
    case "choice": {
      const options = fields.find((f) => f.key === c.key)?.options ?? [];
      editor = (
        <>
          {keyPick("choice", c.key, (key) =>
            onChange({ ...c, key, values: [fields.find((f) => f.key === key)?.options[0] ?? ""] }),
          )}
          <span className="text-[12.5px] text-muted-foreground">is</span>
          <Pick label="Value" value={c.values[0] ?? ""} onChange={(v) => onChange({ ...c, values: [v] })}>
            {options.map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </Pick>
        </>
      );
      break;
    }
    case "consent":
      editor = (
        <Pick label="Consent" value={c.status} onChange={(v) => onChange({ ...c, status: v as typeof c.status })}>
          <option value="opted_in">is opted in</option>
          <option value="opted_out">is opted out</option>
          <option value="unknown">is unknown</option>
        </Pick>
      );
      break;
    case "identity":
      editor = (
        <>
          <Pick label="Has" value={c.negate ? "not" : "has"} onChange={(v) => onChange({ ...c, negate: v === "not" })}>
            <option value="has">reachable on</option>
            <option value="not">not reachable on</option>
          </Pick>
          <Pick
            label="Channel"
            value={c.channelType ?? ""}
            onChange={(v) => onChange({ ...c, channelType: (v || undefined) as typeof c.channelType })}
          >
            <option value="">any channel</option>
            <option value="whatsapp">WhatsApp</option>
            <option value="telegram">Telegram</option>
            <option value="instagram">Instagram</option>
            <option value="webchat">Website chat</option>
          </Pick>
        </>
      );
      break;
    case "created":
      editor = (
        <>
          <span className="text-[12.5px] text-muted-foreground">within the last</span>
          {num(c.withinDays, (withinDays) => onChange({ ...c, withinDays }), "Days")}
          <span className="text-[12.5px] text-muted-foreground">days</span>
        </>
      );
      break;
    case "last_inbound":
      editor = (
        <>
          <Pick label="When" value={c.op} onChange={(v) => onChange({ ...c, op: v as "within" | "older_than" })}>
            <option value="within">within the last</option>
            <option value="older_than">not in the last</option>
          </Pick>
          {num(c.days, (days) => onChange({ ...c, days }), "Days")}
          <span className="text-[12.5px] text-muted-foreground">days</span>
        </>
      );
      break;
    case "campaign":
      editor = (
        <span className="text-[12.5px] text-muted-foreground">Campaign {c.step} (needs the campaigns feature)</span>
      );
  }
  return (
    <div className="flex flex-wrap items-center gap-2" data-testid="segment-condition">
      <span className="w-40 shrink-0 text-[12.5px] font-medium">
        {conditionKinds.find(([k]) => k === c.type)?.[1] ?? c.type}
      </span>
      {editor}
      <Button variant="ghost" size="icon" className="ml-auto size-7" aria-label="Remove condition" onClick={onRemove}>
        <X />
      </Button>
    </div>
  );
}
