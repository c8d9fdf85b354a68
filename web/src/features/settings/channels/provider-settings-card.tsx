import { type FormEvent, useEffect, useMemo, useState } from "react";
import { toast } from "sonner";
import { Field } from "@/components/field";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { ApiError, errorMessage } from "@/lib/api";
import { type Channel, isProviderType } from "@/lib/types";
import { ProviderField } from "./provider-field";
import {
  type FormErrors,
  type FormValues,
  mapServerErrors,
  providerFields,
  toBody,
  validateFields,
} from "./provider-fields";
import { useUpdateChannel } from "./queries";

const readOnly: Record<string, string> = { botUsername: "Bot username", botId: "Bot ID" };

function toValues(c: Channel, keys: string[]): FormValues {
  const out: FormValues = { name: c.name };
  for (const k of keys) {
    const v = c.settings[k];
    out[k] = typeof v === "boolean" ? v : v === undefined || v === null ? "" : String(v);
  }
  return out;
}

/** Name and the non-secret settings of a provider channel. */
export function ProviderSettingsCard({ channel }: { channel: Channel }) {
  const update = useUpdateChannel(channel.id);
  const fields = useMemo(
    // A sandbox channel's provider settings (phone number id, account ids) belong to its simulator: only its name is the admin's.
    () =>
      isProviderType(channel.type) && !channel.sandbox
        ? providerFields[channel.type].filter((f) => f.group === "settings")
        : [],
    [channel.type, channel.sandbox],
  );
  const keys = fields.map((f) => f.key);
  const initial = () => toValues(channel, keys);
  const [values, setValues] = useState<FormValues>(initial);
  const [errors, setErrors] = useState<FormErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when the saved channel changes
  useEffect(() => setValues(toValues(channel, keys)), [channel]);
  const dirty = JSON.stringify(values) !== JSON.stringify(toValues(channel, keys));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const name = String(values.name ?? "").trim();
    const local = validateFields(fields, values);
    if (!name) local.name = ["Required"];
    setErrors(local);
    setFormError(null);
    if (Object.keys(local).length) return;
    update.mutate(
      { name, settings: toBody(fields, values).settings },
      {
        onSuccess: () => toast.success("Channel saved"),
        onError: (err) => {
          if (err instanceof ApiError && err.code === "validation_failed") {
            const m = mapServerErrors(fields, err.fieldErrors, err.message);
            setErrors(m.fields);
            setFormError(m.form);
          } else setFormError(errorMessage(err));
        },
      },
    );
  };

  const info = Object.entries(readOnly).filter(([k]) => channel.settings[k]);
  return (
    <Card>
      <form onSubmit={submit} noValidate>
        <CardHeader>
          <CardTitle>Settings</CardTitle>
        </CardHeader>
        <CardContent className="grid grid-cols-[minmax(0,1fr)] gap-4">
          <Field id="provider-name" label="Name" hint="Shown to your team in the inbox." errors={errors.name}>
            <Input
              id="provider-name"
              value={String(values.name ?? "")}
              onChange={(e) => setValues((v) => ({ ...v, name: e.target.value }))}
              aria-invalid={!!errors.name}
              maxLength={100}
            />
          </Field>
          {fields.map((f) => (
            <ProviderField
              key={f.key}
              field={f}
              idPrefix="provider"
              values={values}
              errors={errors[f.key]}
              onChange={(k, v) => setValues((cur) => ({ ...cur, [k]: v }))}
            />
          ))}
          {info.length ? (
            <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-[13px]">
              {info.map(([k, label]) => (
                <div key={k} className="contents">
                  <dt className="text-muted-foreground">{label}</dt>
                  <dd className="font-mono text-[12.5px]">{String(channel.settings[k])}</dd>
                </div>
              ))}
            </dl>
          ) : null}
          {formError ? (
            <p role="alert" className="rounded-md bg-destructive/10 px-3 py-2 text-[13px] text-destructive">
              {formError}
            </p>
          ) : null}
        </CardContent>
        <CardFooter className="justify-end">
          <Button variant="ghost" onClick={() => setValues(toValues(channel, keys))} disabled={!dirty}>
            Discard
          </Button>
          <Button type="submit" disabled={!dirty || update.isPending}>
            {update.isPending ? <Spinner /> : null}
            Save changes
          </Button>
        </CardFooter>
      </form>
    </Card>
  );
}
