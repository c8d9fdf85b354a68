import { Field } from "@/components/field";
import { Input } from "@/components/ui/input";
import { useEmbeddingStatus } from "./queries";
import { type AiForm, type AiFormErrors, providerInfo } from "./settings-form";

type Set = <K extends keyof AiForm>(k: K, v: AiForm[K]) => void;

/**
 * The embedding model for knowledge search (its ranking is fused with the text ranking), and how
 * far the knowledge base is embedded. Empty: the provider's default; none for an OpenAI-compatible
 * server, where embeddings stay off until a model is named.
 */
export function EmbeddingField({ form, errors, set }: { form: AiForm; errors: AiFormErrors; set: Set }) {
  const fallback = providerInfo(form.provider).defaultEmbeddingModel;
  return (
    <Field
      id="ai-embedding-model"
      label="Embedding model (knowledge search)"
      hint={<EmbeddingStatusLine fallback={fallback} />}
      errors={errors.embeddingModel}
    >
      <div className="grid gap-1.5">
        <Input
          id="ai-embedding-model"
          value={form.embeddingModel}
          placeholder={fallback || "none (off)"}
          disabled={!form.embeddings}
          maxLength={200}
          onChange={(e) => set("embeddingModel", e.target.value)}
        />
        <label className="flex items-center gap-2 text-[13px]">
          <input type="checkbox" checked={form.embeddings} onChange={(e) => set("embeddings", e.target.checked)} />
          Rank knowledge by meaning too (embeddings), not only by words
        </label>
      </div>
    </Field>
  );
}

function EmbeddingStatusLine({ fallback }: { fallback: string }) {
  const { data } = useEmbeddingStatus();
  const empty = `Empty: ${fallback || "off"}.`;
  if (!data) return <span>{empty}</span>;
  if (!data.model) return <span data-testid="embedding-status">{empty} Knowledge search is text-only.</span>;
  return (
    <span data-testid="embedding-status">
      {empty} {data.embedded} of {data.total} chunks embedded with {data.model}.
      {data.lastError ? <span className="text-destructive"> Last error: {data.lastError}</span> : null}
    </span>
  );
}
