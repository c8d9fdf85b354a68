import { FlaskConical } from "lucide-react";
import { type FormEvent, useState } from "react";
import { toast } from "sonner";
import { channelLabel } from "@/components/channel-icon";
import { Field } from "@/components/field";
import { Button } from "@/components/ui/button";
import { DialogFooter } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { useSandboxInfo } from "@/features/sandbox/queries";
import { ApiError, errorMessage } from "@/lib/api";
import type { Channel, CreateChannelInput, ProviderType } from "@/lib/types";
import { ProviderField } from "./provider-field";
import {
  type FormErrors,
  type FormValues,
  mapServerErrors,
  providerFields,
  toBody,
  validateFields,
} from "./provider-fields";
import { useCreateChannel } from "./queries";

export function ProviderCreateForm({
  type,
  onCreated,
  onBack,
}: {
  type: ProviderType;
  onCreated: (c: Channel) => void;
  onBack: () => void;
}) {
  const create = useCreateChannel();
  const sandboxInfo = useSandboxInfo();
  const fields = providerFields[type].filter((f) => f.required);
  const label = channelLabel(type);
  const [name, setName] = useState(label);
  const [values, setValues] = useState<FormValues>({});
  const [errors, setErrors] = useState<FormErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [mode, setMode] = useState<"sandbox" | "real" | null>(null);
  const sandboxOff = sandboxInfo.data?.enabled === false;

  const run = (body: CreateChannelInput, which: "sandbox" | "real") => {
    setMode(which);
    setFormError(null);
    create.mutate(body, {
      onSuccess: (res) => {
        toast.success(which === "sandbox" ? `${label} sandbox channel created` : `${label} connected`);
        onCreated(res.channel);
      },
      onError: (err) => {
        if (err instanceof ApiError && err.code === "validation_failed" && which === "real") {
          const mapped = mapServerErrors(fields, err.fieldErrors, err.message);
          setErrors(mapped.fields);
          setFormError(mapped.form);
        } else setFormError(errorMessage(err));
      },
    });
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const local = validateFields(fields, values);
    if (!name.trim()) local.name = ["Required"];
    setErrors(local);
    setFormError(null);
    if (Object.keys(local).length) return;
    run({ type, name: name.trim(), ...toBody(fields, values) } as CreateChannelInput, "real");
  };

  const busy = create.isPending;
  return (
    <form onSubmit={submit} className="grid gap-4" noValidate>
      <div className="flex items-start gap-3 rounded-lg border border-amber-500/40 bg-amber-500/[0.07] p-3.5">
        <span className="flex size-8 shrink-0 items-center justify-center rounded-md bg-amber-500/15 text-amber-700 dark:text-amber-300">
          <FlaskConical className="size-4" />
        </span>
        <div className="min-w-0 flex-1">
          <p className="text-[13px] font-medium">Try it first: no {label} account needed</p>
          <p className="mt-0.5 text-xs text-muted-foreground">
            {sandboxOff
              ? "The sandbox is off on this server. Start it with SANDBOX=1 to use simulated customers."
              : "Connects to a built-in simulated provider. You play the customer on the Try it page."}
          </p>
          <Button
            type="button"
            size="sm"
            className="mt-2.5"
            disabled={busy || sandboxOff || !name.trim()}
            onClick={() => run({ type, name: `${name.trim()} sandbox`, sandbox: true }, "sandbox")}
            data-testid="use-sandbox"
          >
            {busy && mode === "sandbox" ? <Spinner /> : <FlaskConical />}
            Use the sandbox (no account needed)
          </Button>
        </div>
      </div>
      <div className="flex items-center gap-3 text-[11px] font-medium tracking-wide text-muted-foreground uppercase">
        <span className="h-px flex-1 bg-border" /> or connect your {label} account{" "}
        <span className="h-px flex-1 bg-border" />
      </div>
      <Field id="new-provider-name" label="Name" hint="Shown to your team, e.g. “Support line”." errors={errors.name}>
        <Input
          id="new-provider-name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          aria-invalid={!!errors.name}
          maxLength={100}
        />
      </Field>
      {fields.map((f) => (
        <ProviderField
          key={f.key}
          field={f}
          idPrefix="new-provider"
          values={values}
          errors={errors[f.key]}
          onChange={(k, v) => setValues((cur) => ({ ...cur, [k]: v }))}
        />
      ))}
      {formError ? (
        <p
          role="alert"
          data-testid="create-channel-error"
          className="rounded-md bg-destructive/10 px-3 py-2 text-[13px] text-destructive"
        >
          {formError}
        </p>
      ) : null}
      <DialogFooter>
        <Button variant="outline" onClick={onBack}>
          Back
        </Button>
        <Button type="submit" disabled={busy} data-testid="create-channel-submit">
          {busy && mode === "real" ? <Spinner /> : null}
          Connect {label}
        </Button>
      </DialogFooter>
    </form>
  );
}
