import type { AiProvider, AiSettingsView } from "@switchboard/contracts";
import { KeyRound, Sparkles } from "lucide-react";
import { Field } from "@/components/field";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { EmbeddingField } from "./embedding-field";
import { type AiForm, type AiFormErrors, keyStatus, PROVIDERS, providerInfo } from "./settings-form";

export const selectClass =
  "h-8 w-full rounded-md border border-input bg-background px-2 text-[13px] shadow-xs outline-none focus-visible:ring-2 focus-visible:ring-ring/30 dark:bg-input/20";

type Set = <K extends keyof AiForm>(k: K, v: AiForm[K]) => void;

/** Which brain answers, with its model, key and endpoint. */
export function ProviderCard({
  form,
  view,
  errors,
  set,
}: {
  form: AiForm;
  view: AiSettingsView;
  errors: AiFormErrors;
  set: Set;
}) {
  const info = providerInfo(form.provider);
  const llm = form.provider !== "matcher";
  return (
    <Card>
      <CardHeader>
        <CardTitle>Provider</CardTitle>
        <CardDescription>Who writes the answers.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        <Field id="ai-provider" label="Provider">
          <select
            id="ai-provider"
            className={selectClass}
            value={form.provider}
            onChange={(e) => {
              set("provider", e.target.value as AiProvider);
              set("key", { kind: "keep" });
            }}
          >
            {PROVIDERS.map((p) => (
              <option key={p.value} value={p.value}>
                {p.label}
              </option>
            ))}
          </select>
        </Field>
        {!llm ? (
          <div
            className="flex gap-3 rounded-md border bg-muted/40 px-3 py-2.5 text-[13px]"
            data-testid="matcher-explainer"
          >
            <Sparkles className="mt-0.5 size-4 shrink-0 text-muted-foreground" />
            <p>
              <strong className="font-medium">No key, no network.</strong> The built-in answer matcher answers with your
              best knowledge-base answer when it is confident, and otherwise hands the conversation to your team. It
              does not write new text, so it never makes anything up. Choose a language model for answers written for
              each question.
            </p>
          </div>
        ) : (
          <>
            <div className="grid grid-cols-[minmax(0,1fr)_8rem] gap-4">
              <Field id="ai-model" label="Model" hint={`Empty: ${info.defaultModel}`} errors={errors.model}>
                <Input
                  id="ai-model"
                  value={form.model}
                  placeholder={info.defaultModel}
                  maxLength={200}
                  onChange={(e) => set("model", e.target.value)}
                />
              </Field>
              <Field
                id="ai-temperature"
                label="Temperature"
                hint="0 = focused, 2 = creative (GPT-5 and o-series models fix their own)"
                errors={errors.temperature}
              >
                <Input
                  id="ai-temperature"
                  inputMode="decimal"
                  value={form.temperature}
                  aria-invalid={!!errors.temperature}
                  onChange={(e) => set("temperature", e.target.value)}
                />
              </Field>
            </div>
            <EmbeddingField form={form} errors={errors} set={set} />
            {form.provider === "openai_compatible" ? (
              <Field
                id="ai-base-url"
                label="Base URL"
                hint="The server's OpenAI-compatible API, e.g. http://localhost:11434/v1 for Ollama."
                errors={errors.baseUrl}
              >
                <Input
                  id="ai-base-url"
                  value={form.baseUrl}
                  placeholder="http://localhost:11434/v1"
                  aria-invalid={!!errors.baseUrl}
                  onChange={(e) => set("baseUrl", e.target.value)}
                />
              </Field>
            ) : null}
            <KeyField form={form} view={view} errors={errors} set={set} />
          </>
        )}
      </CardContent>
    </Card>
  );
}

/** Write-only: the key is never shown, only where it comes from and its last four characters. */
function KeyField({ form, view, errors, set }: { form: AiForm; view: AiSettingsView; errors: AiFormErrors; set: Set }) {
  const samePoint = form.provider === view.provider;
  const stored = samePoint && view.apiKey.source === "settings";
  const optional = form.provider === "openai_compatible";
  return (
    <Field
      id="ai-key"
      label={optional ? "API key (optional)" : "API key"}
      errors={errors.key}
      hint={form.key.kind === "remove" ? "The stored key is removed when you save." : undefined}
    >
      {form.key.kind === "replace" ? (
        <div className="flex gap-2">
          <Input
            id="ai-key"
            type="password"
            autoComplete="off"
            spellCheck={false}
            placeholder="Paste the key"
            value={form.key.value}
            aria-invalid={!!errors.key}
            onChange={(e) => set("key", { kind: "replace", value: e.target.value })}
            autoFocus
          />
          <Button type="button" variant="ghost" onClick={() => set("key", { kind: "keep" })}>
            Cancel
          </Button>
        </div>
      ) : (
        <div className="flex items-center gap-2 rounded-md border px-2.5 py-1.5 text-[13px]">
          <KeyRound className="size-3.5 shrink-0 text-muted-foreground" />
          <span id="ai-key" className="min-w-0 flex-1" data-testid="key-status">
            {form.key.kind === "remove" ? "Will be removed" : keyStatus(view, form.provider)}
          </span>
          <Button type="button" size="sm" variant="outline" onClick={() => set("key", { kind: "replace", value: "" })}>
            {view.apiKey.set && samePoint ? "Replace" : "Add key"}
          </Button>
          {stored && form.key.kind !== "remove" ? (
            <Button type="button" size="sm" variant="ghost" onClick={() => set("key", { kind: "remove" })}>
              Remove
            </Button>
          ) : null}
          {form.key.kind === "remove" ? (
            <Button type="button" size="sm" variant="ghost" onClick={() => set("key", { kind: "keep" })}>
              Undo
            </Button>
          ) : null}
        </div>
      )}
    </Field>
  );
}
