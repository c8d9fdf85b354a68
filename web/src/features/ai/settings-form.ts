import type { AiProvider, AiSettingsView, BusinessHours, UpdateAiSettingsBody } from "@switchboard/contracts";

/** The provider choices, with what each needs (kept here: the console loads no Zod for this page). */
export const PROVIDERS: {
  value: AiProvider;
  label: string;
  needsKey: boolean;
  defaultModel: string;
  /** The embedding model when the field is empty ("" = none: embeddings stay off). */
  defaultEmbeddingModel: string;
}[] = [
  { value: "matcher", label: "Built-in answer matcher", needsKey: false, defaultModel: "", defaultEmbeddingModel: "" },
  {
    value: "openai",
    label: "OpenAI",
    needsKey: true,
    defaultModel: "gpt-5-mini",
    defaultEmbeddingModel: "text-embedding-3-small",
  },
  {
    value: "google",
    label: "Google Gemini",
    needsKey: true,
    defaultModel: "gemini-2.5-flash",
    defaultEmbeddingModel: "gemini-embedding-001",
  },
  {
    value: "openrouter",
    label: "OpenRouter",
    needsKey: true,
    defaultModel: "openai/gpt-5-mini",
    defaultEmbeddingModel: "openai/text-embedding-3-small",
  },
  {
    value: "openai_compatible",
    label: "OpenAI-compatible server (Ollama, vLLM…)",
    needsKey: false,
    defaultModel: "llama3.1",
    defaultEmbeddingModel: "",
  },
];
export const providerInfo = (p: AiProvider) => PROVIDERS.find((x) => x.value === p) ?? PROVIDERS[0]!;

export const ENV_VAR: Partial<Record<AiProvider, string>> = {
  openai: "OPENAI_API_KEY",
  google: "GEMINI_API_KEY",
  openrouter: "OPENROUTER_API_KEY",
};

/** The key field: keep what is stored, replace it with a new one, or remove the stored one. */
export type KeyAction = { kind: "keep" } | { kind: "replace"; value: string } | { kind: "remove" };

export interface AiForm {
  enabled: boolean;
  channelIds: string[];
  provider: AiProvider;
  model: string;
  embeddingModel: string;
  embeddings: boolean;
  baseUrl: string;
  key: KeyAction;
  temperature: string;
  persona: string;
  guidance: string[];
  handoffMessage: string;
  offlineMessage: string;
  maxTurns: string;
  /** Percent (0–100) in the form; 0–1 in the API. */
  confidence: string;
  replyDelaySeconds: string;
  assumeResolvedAfterMinutes: string;
  businessHours: BusinessHours;
}

export type AiFormErrors = Partial<Record<keyof AiForm | "form", string[]>>;

export function toForm(v: AiSettingsView): AiForm {
  return {
    enabled: v.enabled,
    channelIds: [...v.channelIds],
    provider: v.provider,
    model: v.model,
    embeddingModel: v.embeddingModel ?? "",
    embeddings: v.embeddings ?? true,
    baseUrl: v.baseUrl ?? "",
    key: { kind: "keep" },
    temperature: String(v.temperature),
    persona: v.persona,
    guidance: [...v.guidance],
    handoffMessage: v.handoffMessage,
    offlineMessage: v.offlineMessage,
    maxTurns: String(v.maxTurns),
    confidence: String(Math.round(v.confidenceThreshold * 100)),
    replyDelaySeconds: String(v.replyDelaySeconds),
    assumeResolvedAfterMinutes: String(v.assumeResolvedAfterMinutes),
    businessHours: { ...v.businessHours, hours: v.businessHours.hours.map((h) => ({ ...h })) },
  };
}

const num = (s: string) => (s.trim() === "" ? Number.NaN : Number(s));

/** Checks what the browser can; the server checks the rest (channels, time zone) and answers with field errors. */
export function validate(f: AiForm): AiFormErrors {
  const e: AiFormErrors = {};
  const range = (k: keyof AiForm, v: number, min: number, max: number, int = false) => {
    if (!Number.isFinite(v) || v < min || v > max || (int && !Number.isInteger(v)))
      e[k] = [`Enter ${int ? "a whole number" : "a number"} from ${min} to ${max}`];
  };
  range("temperature", num(f.temperature), 0, 2);
  range("maxTurns", num(f.maxTurns), 1, 50, true);
  range("confidence", num(f.confidence), 0, 100);
  range("replyDelaySeconds", num(f.replyDelaySeconds), 0, 60);
  range("assumeResolvedAfterMinutes", num(f.assumeResolvedAfterMinutes), 1, 10080, true);
  if (f.provider === "openai_compatible") {
    if (!f.baseUrl.trim()) e.baseUrl = ["Enter the server's base URL, for example http://localhost:11434/v1"];
    else if (!/^https?:\/\/\S+$/.test(f.baseUrl.trim())) e.baseUrl = ["Enter a URL starting with http:// or https://"];
  }
  if (f.key.kind === "replace" && !f.key.value.trim()) e.key = ["Paste the key, or cancel"];
  if (!f.persona.trim()) e.persona = ["Describe how the AI should behave"];
  if (!f.handoffMessage.trim()) e.handoffMessage = ["Required"];
  if (!f.offlineMessage.trim()) e.offlineMessage = ["Required"];
  if (f.guidance.some((g) => g.trim().length > 500)) e.guidance = ["Keep each rule under 500 characters"];
  if (f.businessHours.hours.some((h) => h.start >= h.end))
    e.businessHours = ["Each day's hours must end after they start"];
  return e;
}

/** The PUT body: every setting (so the page saves what it shows) and the key only when it changes. */
export function toBody(f: AiForm): UpdateAiSettingsBody {
  const body: UpdateAiSettingsBody = {
    enabled: f.enabled,
    channelIds: f.channelIds,
    provider: f.provider,
    model: f.model.trim(),
    embeddingModel: f.embeddingModel.trim(),
    embeddings: f.embeddings,
    baseUrl: f.provider === "openai_compatible" ? f.baseUrl.trim() : null,
    temperature: num(f.temperature),
    persona: f.persona.trim(),
    guidance: f.guidance.map((g) => g.trim()).filter(Boolean),
    handoffMessage: f.handoffMessage.trim(),
    offlineMessage: f.offlineMessage.trim(),
    maxTurns: num(f.maxTurns),
    confidenceThreshold: num(f.confidence) / 100,
    replyDelaySeconds: num(f.replyDelaySeconds),
    assumeResolvedAfterMinutes: num(f.assumeResolvedAfterMinutes),
    businessHours: f.businessHours,
  };
  if (f.provider === "matcher") return body;
  if (f.key.kind === "replace") body.apiKey = f.key.value.trim();
  if (f.key.kind === "remove") body.apiKey = null;
  return body;
}

/** Server field errors onto the form's fields (confidenceThreshold is shown as percent). */
export function fromServerErrors(fieldErrors: Record<string, string[] | undefined>, message: string): AiFormErrors {
  const map: Record<string, keyof AiForm> = { confidenceThreshold: "confidence", apiKey: "key" };
  const e: AiFormErrors = {};
  for (const [k, v] of Object.entries(fieldErrors)) {
    if (!v?.length) continue;
    const key = (map[k] ?? k.split(".")[0]) as keyof AiForm;
    e[key] = [...(e[key] ?? []), ...v];
  }
  if (!Object.keys(e).length) e.form = [message];
  return e;
}

/** What the key field says about the current key. */
export function keyStatus(v: AiSettingsView, provider: AiProvider): string {
  if (provider !== v.provider) return "Save to use a key for the new provider: the stored key belongs to the old one.";
  if (!v.apiKey.set)
    return ENV_VAR[provider] ? `No key yet. Paste one, or set ${ENV_VAR[provider]} on the server.` : "No key stored.";
  if (v.apiKey.source === "environment")
    return `Set from the environment (${ENV_VAR[provider] ?? "server"})${v.apiKey.hint ? `, ends in ••${v.apiKey.hint}` : ""}.`;
  return `Stored${v.apiKey.hint ? `, ends in ••${v.apiKey.hint}` : ""}. It is sealed and never shown again.`;
}

export const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
