/**
 * The port through which knowledge gets embeddings. The AI feature owns providers, keys and
 * settings and supplies an implementation (ai/embeddings.ts); knowledge never imports ai (the
 * dependency points ai -> knowledge only).
 */
export interface Embedder {
  /** provider:model, stored on each chunk: a chunk embedded by another model is re-embedded. */
  model: string;
  /**
   * Unit-length vectors, one per text, in order. Throws on provider failure or timeout. `query`
   * texts are search questions (a short timeout: someone waits; some models embed them differently).
   */
  embed(texts: string[], opts?: { signal?: AbortSignal; purpose?: "query" | "document" }): Promise<number[][]>;
}

/**
 * The embedder for the settings in force now, or null when embeddings are off (the answer
 * matcher, an OpenAI-compatible server without an embedding model, no key). Read per call: the
 * settings live in the database and another process may change them.
 */
export type EmbedderSource = () => Promise<Embedder | null>;

/** Scales a vector to unit length, so a dot product is the cosine (Gemini's are not normalised below 3072 dims). */
export function unitLength(v: number[]): number[] {
  const norm = Math.hypot(...v);
  return norm ? v.map((x) => x / norm) : v;
}
