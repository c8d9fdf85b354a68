import type { AiSettingsView } from "@switchboard/contracts";
import { Bot } from "lucide-react";
import { type FormEvent, useEffect, useState } from "react";
import { toast } from "sonner";
import { ErrorState } from "@/components/states";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { Spinner } from "@/components/ui/spinner";
import { Switch } from "@/components/ui/switch";
import { PageBody, PageHeader } from "@/features/settings/page-header";
import { ApiError, errorMessage } from "@/lib/api";
import { BehaviourCard, ChannelsCard, HoursCard, LimitsCard } from "./behaviour-cards";
import { ProviderCard } from "./provider-card";
import { useAiSettings, useChannelList, useSaveAiSettings } from "./queries";
import { type AiForm, type AiFormErrors, fromServerErrors, toBody, toForm, validate } from "./settings-form";
import { AiTestPanel } from "./test-panel";

/** Settings → AI agent (admins): provider, behaviour, limits, hours, channels; the test panel below. */
export function AiSettingsPage() {
  const q = useAiSettings();
  return (
    <PageBody wide>
      <PageHeader
        title="AI agent"
        description="Answers customers from your knowledge base and hands over to your team with a reason."
      />
      {q.isPending ? (
        <div className="grid gap-4" role="status" aria-busy="true" aria-label="Loading AI settings">
          <Skeleton className="h-40" />
          <Skeleton className="h-64" />
        </div>
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} title="Couldn't load the AI settings" />
      ) : (
        <AiSettingsForm view={q.data} />
      )}
      <div className="mt-8">
        <AiTestPanel />
      </div>
    </PageBody>
  );
}

export function AiSettingsForm({ view }: { view: AiSettingsView }) {
  const save = useSaveAiSettings();
  const channels = useChannelList();
  const [form, setForm] = useState<AiForm>(() => toForm(view));
  const [errors, setErrors] = useState<AiFormErrors>({});
  useEffect(() => setForm(toForm(view)), [view]);
  const dirty = JSON.stringify(form) !== JSON.stringify(toForm(view));
  const set = <K extends keyof AiForm>(k: K, v: AiForm[K]) => setForm((f) => ({ ...f, [k]: v }));

  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    const local = validate(form);
    setErrors(local);
    if (Object.keys(local).length) return;
    save.mutate(toBody(form), {
      onSuccess: () => {
        setErrors({});
        toast.success("AI settings saved");
      },
      onError: (err) =>
        setErrors(
          err instanceof ApiError && (err.code === "validation_failed" || err.code === "settings_invalid")
            ? fromServerErrors(err.fieldErrors, err.message)
            : { form: [errorMessage(err)] },
        ),
    });
  };
  const llm = form.provider !== "matcher";
  const activeChannels = form.channelIds.length;

  return (
    <form onSubmit={submit} noValidate className="grid gap-4" aria-label="AI settings">
      <div className="flex items-center gap-3 rounded-lg border bg-card px-5 py-4">
        <div className="flex size-9 items-center justify-center rounded-full bg-primary/10 text-primary">
          <Bot className="size-4.5" />
        </div>
        <div className="min-w-0 flex-1">
          <p className="text-sm font-medium" id="ai-enabled-label">
            {form.enabled ? "The AI agent is on" : "The AI agent is off"}
          </p>
          <p className="text-[13px] text-muted-foreground">
            {form.enabled
              ? activeChannels
                ? `It answers first on ${activeChannels} channel${activeChannels === 1 ? "" : "s"}.`
                : "Turn it on for at least one channel below."
              : "Customers reach your team directly. Channel choices are kept."}
          </p>
        </div>
        <Switch aria-labelledby="ai-enabled-label" checked={form.enabled} onCheckedChange={(v) => set("enabled", v)} />
      </div>
      <ProviderCard form={form} view={view} errors={errors} set={set} />
      <BehaviourCard form={form} errors={errors} set={set} llm={llm} />
      <LimitsCard form={form} errors={errors} set={set} />
      <HoursCard form={form} errors={errors} set={set} />
      <ChannelsCard form={form} errors={errors} set={set} channels={channels.data} />
      {errors.form ? (
        <p role="alert" className="rounded-md bg-destructive/10 px-3 py-2 text-[13px] text-destructive">
          {errors.form.join(" ")}
        </p>
      ) : Object.keys(errors).length ? (
        <p role="alert" className="text-[13px] text-destructive">
          Check the highlighted fields.
        </p>
      ) : null}
      <div className="sticky bottom-0 -mx-1 flex justify-end gap-2 border-t bg-background/95 px-1 py-3 backdrop-blur">
        <Button
          type="button"
          variant="ghost"
          disabled={!dirty || save.isPending}
          onClick={() => {
            setForm(toForm(view));
            setErrors({});
          }}
        >
          Discard
        </Button>
        <Button type="submit" disabled={!dirty || save.isPending}>
          {save.isPending ? <Spinner /> : null} Save changes
        </Button>
      </div>
    </form>
  );
}
