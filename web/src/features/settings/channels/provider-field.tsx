import { Field } from "@/components/field";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Switch } from "@/components/ui/switch";
import type { FieldDef, FormValues } from "./provider-fields";

/** One provider credential or setting as a labelled input (switch, number, text or password). */
export function ProviderField({
  field: f,
  idPrefix,
  values,
  errors,
  onChange,
}: {
  field: FieldDef;
  idPrefix: string;
  values: FormValues;
  errors?: string[];
  onChange: (key: string, value: string | boolean) => void;
}) {
  const id = `${idPrefix}-${f.key}`;
  if (f.kind === "switch") {
    return (
      <div className="flex items-center justify-between gap-4 rounded-lg border px-3 py-2.5">
        <div>
          <Label htmlFor={id}>{f.label}</Label>
          <p className="mt-1 text-xs text-muted-foreground">{f.hint}</p>
        </div>
        <Switch id={id} checked={!!values[f.key]} onCheckedChange={(v) => onChange(f.key, v)} />
      </div>
    );
  }
  return (
    <Field id={id} label={f.label} hint={f.hint} errors={errors}>
      <Input
        id={id}
        name={f.key}
        type={f.kind === "secret" ? "password" : f.kind === "number" ? "number" : "text"}
        inputMode={f.kind === "number" ? "numeric" : undefined}
        autoComplete={f.kind === "secret" ? "new-password" : "off"}
        spellCheck={false}
        placeholder={f.placeholder}
        value={String(values[f.key] ?? "")}
        onChange={(e) => onChange(f.key, e.target.value)}
        aria-invalid={!!errors?.length}
        aria-describedby={errors?.length ? `${id}-error` : `${id}-hint`}
        className={f.kind === "secret" || f.kind === "text" ? "font-mono text-[12.5px]" : undefined}
        data-testid={`field-${f.key}`}
      />
    </Field>
  );
}
