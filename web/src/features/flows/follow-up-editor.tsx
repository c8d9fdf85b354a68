import type { Flow, FlowFollowUp, FlowOutcome } from "@switchboard/contracts";
import { flowOutcomes, placeholders } from "@switchboard/contracts";
import { Input } from "@/components/ui/input";
import { useAllTemplates } from "@/features/templates/queries";

const sel = "h-8 rounded-md border bg-background px-2 text-[13px] dark:bg-input/20";
const outcomeName = (o: FlowOutcome) => o.replaceAll("_", " ");

/**
 * The flow's follow-up WhatsApp: off, or an approved template sent after the outcomes ticked, each
 * variable filled from a contact field or a field the call collects (on the contact as
 * `attributes.<key>` by then), with a fallback. The server checks the template exists on save.
 */
export function FollowUpEditor({
  flow,
  readOnly,
  onChange,
}: {
  flow: Flow;
  readOnly: boolean;
  onChange: (f: FlowFollowUp | null) => void;
}) {
  const templates = useAllTemplates({ status: "APPROVED" });
  const f = flow.followUp;
  const template = templates.data?.find((t) => t.id === f?.templateId) ?? null;
  const collected = flow.steps.flatMap((s) => s.fields.map((x) => ({ key: x.key, label: x.label })));
  const sources = [
    { value: "first_name", label: "Contact's first name" },
    { value: "name", label: "Contact's name" },
    { value: "phone", label: "Contact's phone" },
    { value: "email", label: "Contact's e-mail" },
    ...collected.map((c) => ({ value: `attributes.${c.key}`, label: `Collected: ${c.label}` })),
  ];
  const vars = template
    ? [
        ...(template.content.header.format === "TEXT"
          ? placeholders(template.content.header.text ?? "").map((n) => ["header", n] as const)
          : []),
        ...placeholders(template.content.body).map((n) => ["body", n] as const),
      ]
    : [];
  const setVar = (where: "header" | "body", name: string, patch: { field?: string; fallback?: string }) => {
    if (!f) return;
    const cur = f.mapping[where]?.[name] ?? { field: "first_name" };
    onChange({ ...f, mapping: { ...f.mapping, [where]: { ...f.mapping[where], [name]: { ...cur, ...patch } } } });
  };
  return (
    <fieldset className="space-y-2 md:col-span-2" disabled={readOnly} data-testid="flow-follow-up">
      <legend className="font-medium">Follow-up WhatsApp</legend>
      <label className="flex items-center gap-2">
        <span className="w-24 text-muted-foreground">Template</span>
        <select
          aria-label="Follow-up template"
          className={sel}
          value={f?.templateId ?? ""}
          onChange={(e) =>
            onChange(
              e.target.value
                ? { templateId: e.target.value, mapping: {}, outcomes: f?.outcomes ?? ["interested", "call_back"] }
                : null,
            )
          }
        >
          <option value="">Off</option>
          {f && !template && !templates.isPending ? <option value={f.templateId}>(template not found)</option> : null}
          {(templates.data ?? []).map((t) => (
            <option key={t.id} value={t.id}>
              {t.name} ({t.language})
            </option>
          ))}
        </select>
      </label>
      {f ? (
        <>
          <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
            <span className="w-24 text-muted-foreground">Sent when</span>
            {flowOutcomes
              .filter((o) => o !== "no_answer")
              .map((o) => (
                <label key={o} className="flex items-center gap-1">
                  <input
                    type="checkbox"
                    checked={f.outcomes.includes(o)}
                    onChange={(e) =>
                      onChange({
                        ...f,
                        outcomes: e.target.checked ? [...f.outcomes, o] : f.outcomes.filter((x) => x !== o),
                      })
                    }
                  />
                  {outcomeName(o)}
                </label>
              ))}
          </div>
          {template ? <p className="text-muted-foreground">{template.content.body}</p> : null}
          {vars.map(([where, name]) => {
            const v = f.mapping[where]?.[name];
            return (
              <div key={`${where}.${name}`} className="flex flex-wrap items-center gap-2">
                <span className="w-24 text-muted-foreground">{`{{${name}}}`}</span>
                <select
                  aria-label={`Value of {{${name}}}`}
                  className={sel}
                  value={v?.field ?? ""}
                  onChange={(e) => setVar(where, name, { field: e.target.value })}
                >
                  <option value="" disabled>
                    Choose…
                  </option>
                  {sources.map((s) => (
                    <option key={s.value} value={s.value}>
                      {s.label}
                    </option>
                  ))}
                </select>
                <Input
                  aria-label={`Fallback for {{${name}}}`}
                  className="h-8 w-48"
                  placeholder="Fallback"
                  value={v?.fallback ?? ""}
                  onChange={(e) => setVar(where, name, { fallback: e.target.value })}
                />
              </div>
            );
          })}
          {!f.outcomes.length ? (
            <p className="text-destructive" role="alert">
              Tick at least one outcome.
            </p>
          ) : null}
        </>
      ) : (
        <p className="text-muted-foreground">No WhatsApp is sent after calls of this flow.</p>
      )}
    </fieldset>
  );
}
