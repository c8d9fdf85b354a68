import { Field } from "@/components/field";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Switch } from "@/components/ui/switch";
import { Textarea } from "@/components/ui/textarea";
import type { FieldErrors } from "@/lib/api";

export interface WebchatForm {
  name: string;
  origins: string;
  requireIdentityVerification: boolean;
  welcomeMessage: string;
  color: string;
}

export function parseOrigins(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((s) => s.trim().replace(/\/+$/, ""))
    .filter(Boolean);
}

/** Maps server field errors like `settings.allowedOrigins.1` onto the form's fields. */
export function formErrors(errors: FieldErrors): Partial<Record<keyof WebchatForm, string[]>> {
  const out: Partial<Record<keyof WebchatForm, string[]>> = {};
  for (const [key, msgs] of Object.entries(errors)) {
    if (!msgs) continue;
    const k =
      key.includes("allowedOrigins") || key === "settings"
        ? "origins"
        : key.includes("welcome")
          ? "welcomeMessage"
          : key.includes("color")
            ? "color"
            : key.includes("require")
              ? "requireIdentityVerification"
              : "name";
    out[k] = [...(out[k] ?? []), ...msgs];
  }
  return out;
}

export function WebchatFields({
  value,
  onChange,
  errors,
  idPrefix,
}: {
  value: WebchatForm;
  onChange: (v: WebchatForm) => void;
  errors: Partial<Record<keyof WebchatForm, string[]>>;
  idPrefix: string;
}) {
  const set = <K extends keyof WebchatForm>(k: K, v: WebchatForm[K]) => onChange({ ...value, [k]: v });
  return (
    <div className="grid gap-4">
      <Field
        id={`${idPrefix}-name`}
        label="Name"
        hint="Shown to your team, e.g. “Website” or “Docs site”."
        errors={errors.name}
      >
        <Input
          id={`${idPrefix}-name`}
          value={value.name}
          onChange={(e) => set("name", e.target.value)}
          aria-invalid={!!errors.name}
        />
      </Field>
      <Field
        id={`${idPrefix}-origins`}
        label="Allowed origins"
        hint="One per line, like https://example.com (no path). Use * to allow any site."
        errors={errors.origins}
      >
        <Textarea
          id={`${idPrefix}-origins`}
          rows={3}
          className="font-mono text-[12.5px]"
          value={value.origins}
          onChange={(e) => set("origins", e.target.value)}
          aria-invalid={!!errors.origins}
        />
      </Field>
      <Field id={`${idPrefix}-welcome`} label="Welcome message" errors={errors.welcomeMessage}>
        <Textarea
          id={`${idPrefix}-welcome`}
          rows={2}
          maxLength={500}
          value={value.welcomeMessage}
          onChange={(e) => set("welcomeMessage", e.target.value)}
        />
      </Field>
      <Field id={`${idPrefix}-color`} label="Accent color" errors={errors.color}>
        <div className="flex items-center gap-2">
          <input
            type="color"
            aria-label="Pick a color"
            value={/^#[0-9a-f]{6}$/i.test(value.color) ? value.color : "#4f46e5"}
            onChange={(e) => set("color", e.target.value)}
            className="h-8 w-10 cursor-pointer rounded-md border bg-background p-0.5"
          />
          <Input
            id={`${idPrefix}-color`}
            value={value.color}
            onChange={(e) => set("color", e.target.value)}
            className="w-28 font-mono"
            aria-invalid={!!errors.color}
          />
        </div>
      </Field>
      <div className="flex items-center justify-between gap-4 rounded-lg border px-3 py-2.5">
        <div>
          <Label htmlFor={`${idPrefix}-verify`}>Require identity verification</Label>
          <p className="mt-1 text-xs text-muted-foreground">
            Visitors must send a userId with its HMAC-SHA256 signed by your backend with the identity secret.
          </p>
        </div>
        <Switch
          id={`${idPrefix}-verify`}
          checked={value.requireIdentityVerification}
          onCheckedChange={(v) => set("requireIdentityVerification", v)}
        />
      </div>
    </div>
  );
}
