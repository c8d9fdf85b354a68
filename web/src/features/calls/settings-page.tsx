import type { CallSettings } from "@switchboard/contracts";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { toast } from "sonner";
import { Field } from "@/components/field";
import { ErrorState } from "@/components/states";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { PageBody, PageHeader } from "@/features/settings/page-header";
import { ApiError, api, errorMessage } from "@/lib/api";

const sourceLabel: Record<CallSettings["source"], string> = {
  settings: "Saved here (takes precedence over the environment)",
  environment: "From the environment (TWILIO_* variables)",
  none: "Not configured: calls cannot be placed",
};

/** Settings → Calls (admins): the Twilio account. Secrets are write-only: sealed on the server, never shown. */
export function CallSettingsPage() {
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ["calls", "settings"], queryFn: () => api<CallSettings>("/api/call-settings") });
  const [form, setForm] = useState({ accountSid: "", authToken: "", apiKeySid: "", apiKeySecret: "", phoneNumber: "" });
  const [errors, setErrors] = useState<Record<string, string[] | undefined>>({});
  const [touched, setTouched] = useState(false);
  const save = useMutation({
    mutationFn: () =>
      api<CallSettings>("/api/call-settings", {
        method: "PUT",
        body: {
          accountSid: form.accountSid || q.data?.accountSid || "",
          phoneNumber: form.phoneNumber || q.data?.phoneNumber || "",
          ...(form.authToken ? { authToken: form.authToken } : {}),
          ...(form.apiKeySid ? { apiKeySid: form.apiKeySid } : {}),
          ...(form.apiKeySecret ? { apiKeySecret: form.apiKeySecret } : {}),
        },
      }),
    onSuccess: (data) => {
      qc.setQueryData(["calls", "settings"], data);
      setForm({ accountSid: "", authToken: "", apiKeySid: "", apiKeySecret: "", phoneNumber: "" });
      setErrors({});
      setTouched(false);
      toast.success("Twilio settings saved");
    },
    onError: (err) => {
      if (err instanceof ApiError && err.code === "validation_failed") setErrors(err.fieldErrors);
      toast.error(errorMessage(err));
    },
  });
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => {
    setTouched(true);
    setForm((f) => ({ ...f, [k]: e.target.value.trim() }));
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <PageBody>
      <PageHeader
        title="Calls"
        description="The Twilio account phone calls go through. Secrets are stored encrypted and never shown again."
      />
      {q.isPending ? (
        <Skeleton className="h-64 w-full" />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        <form className="space-y-4" onSubmit={submit} data-testid="call-settings-form">
          <div className="rounded-md border p-3 text-[13px]">
            <p className="font-medium">{sourceLabel[q.data.source]}</p>
            <p className="mt-1 text-muted-foreground">
              Callbacks: <code className="break-all">{q.data.webhookBase}/…</code> — set the number's voice URL to{" "}
              <code className="break-all">{q.data.webhookBase}/voice</code> for inbound calls.
            </p>
          </div>
          <Field id="call-account" label="Account SID" errors={errors.accountSid}>
            <Input
              id="call-account"
              placeholder={q.data.accountSid ?? "AC…"}
              value={form.accountSid}
              onChange={set("accountSid")}
              autoComplete="off"
            />
          </Field>
          <Field
            id="call-token"
            label="Auth token"
            hint={
              q.data.secretSet ? "Stored. Leave empty to keep it." : "Verifies Twilio's signatures on every callback."
            }
            errors={errors.authToken}
          >
            <Input
              id="call-token"
              type="password"
              value={form.authToken}
              onChange={set("authToken")}
              autoComplete="off"
            />
          </Field>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field id="call-key" label="API key SID (optional)" errors={errors.apiKeySid}>
              <Input
                id="call-key"
                placeholder={q.data.apiKeySid ?? "SK…"}
                value={form.apiKeySid}
                onChange={set("apiKeySid")}
                autoComplete="off"
              />
            </Field>
            <Field id="call-key-secret" label="API key secret" errors={errors.apiKeySecret}>
              <Input
                id="call-key-secret"
                type="password"
                value={form.apiKeySecret}
                onChange={set("apiKeySecret")}
                autoComplete="off"
              />
            </Field>
          </div>
          <Field id="call-number" label="Phone number" hint="E.164, like +14155550100" errors={errors.phoneNumber}>
            <Input
              id="call-number"
              placeholder={q.data.phoneNumber ?? "+14155550100"}
              value={form.phoneNumber}
              onChange={set("phoneNumber")}
              autoComplete="off"
            />
          </Field>
          <Button type="submit" disabled={!touched || save.isPending}>
            Save
          </Button>
        </form>
      )}
    </PageBody>
  );
}
