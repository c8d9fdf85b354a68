import type { AiSettings, KnowledgeHit } from "@switchboard/contracts";
import type { ModelMessage } from "ai";
import type { BrainInput } from "../brain";
import { matchConfidence } from "../matcher-brain";

/** Chunks the model may see and cite, numbered in the order they were given (search results append). */
export class KnowledgeLedger {
  readonly hits: KnowledgeHit[] = [];
  private readonly byChunk = new Map<string, number>();

  /** Adds hits (deduplicated by chunk) and returns their numbers. */
  add(hits: KnowledgeHit[]): { n: number; hit: KnowledgeHit }[] {
    return hits.map((hit) => {
      let n = this.byChunk.get(hit.chunkId);
      if (n === undefined) {
        this.hits.push(hit);
        n = this.hits.length;
        this.byChunk.set(hit.chunkId, n);
      }
      return { n, hit };
    });
  }
  get(n: number): KnowledgeHit | undefined {
    return this.hits[n - 1];
  }
}

/** Numbered chunks with their titles, the form both the prompt and search_knowledge's result use. */
export function formatChunks(numbered: { n: number; hit: KnowledgeHit }[]): string {
  if (!numbered.length) return "(nothing found)";
  return numbered
    .map(({ n, hit }) => {
      const title = hit.heading ? `${hit.source.title} — ${hit.heading}` : hit.source.title;
      return `[${n}] ${title}\n${hit.content.trim()}`;
    })
    .join("\n\n");
}

/** How many retrieved chunks go into the prompt up front (the model can search for more). */
export const PROMPT_CHUNKS = 5;

/**
 * The system prompt: persona, the admin's guidance rules, the numbered knowledge, and the rules
 * that keep the AI honest. Citations: the model ends with `[sources: 1, 3]`, which the brain strips
 * and stores as the message's citations (see llm-brain.ts).
 */
export function systemPrompt(
  settings: AiSettings,
  input: Pick<BrainInput, "contact" | "language" | "knowledge">,
  knowledge: string,
): string {
  const contact = [
    input.contact.name ? `name: ${input.contact.name}` : null,
    input.contact.email ? `email: ${input.contact.email}` : null,
    input.contact.phone ? `phone: ${input.contact.phone}` : null,
  ].filter(Boolean);
  const guidance = settings.guidance.length ? settings.guidance.map((g, i) => `${i + 1}. ${g}`).join("\n") : "(none)";
  return [
    settings.persona.trim(),
    "",
    "## Guidance from the team (follow every rule)",
    guidance,
    "",
    "## Knowledge (numbered; the only facts you may state)",
    knowledge,
    "",
    retrievalHint(settings, input.knowledge),
    "",
    "## Rules",
    "- Answer only from the knowledge above or from search_knowledge results. If they do not contain the answer, say you do not know and call handoff_to_human.",
    "- Never promise calls, emails, refunds, cancellations, call-backs or any action you cannot take yourself; you can only write in this chat. Never claim you did such a thing.",
    "- Call handoff_to_human when the customer asks for a person, is upset, or when you cannot help. Give a short reason, its cause (not_in_knowledge when the knowledge does not answer it) and a summary for the agent.",
    "- When the customer tells you their name, email or phone, you may record it with set_contact_field.",
    "- Call create_ticket when the request needs follow-up work the team must do outside this chat (a bug, a lost parcel, a refund to investigate): a short subject, a priority and a summary. Then tell the customer a ticket was opened for the team, without promising when or how they will hear back.",
    `- Reply in the customer's language (detected: ${input.language}). Keep it short and plain; no Markdown headings.`,
    "- End your reply with the numbers of the knowledge you used, on its own line, like: [sources: 1, 3]. Write [sources: none] if you used none.",
    ...(contact.length ? ["", "## The customer", contact.join("\n")] : []),
  ].join("\n");
}

/**
 * The confidence threshold is a hint for an LLM (the matcher hands off below it): the model reads
 * how well retrieval matched the question, and, when the best match is under the team's threshold,
 * that the knowledge may not cover it. Same measure as the matcher's (matchConfidence).
 */
export function retrievalHint(settings: AiSettings, hits: KnowledgeHit[]): string {
  const best = hits.reduce((m, h) => Math.max(m, matchConfidence(h)), 0);
  const line = `Retrieval confidence: the best match is ${best.toFixed(2)} (the team's threshold is ${settings.confidenceThreshold.toFixed(2)}).`;
  return best < settings.confidenceThreshold
    ? `${line} The knowledge may not cover this; if it does not, say so and offer a person.`
    : line;
}

/** Recent history as chat messages: the customer is the user; the AI's and agents' replies are the assistant. */
export function historyMessages(history: BrainInput["history"]): ModelMessage[] {
  const out: ModelMessage[] = [];
  for (const h of history) {
    if (!h.content.trim()) continue;
    if (h.role === "customer") out.push({ role: "user", content: h.content });
    else
      out.push({ role: "assistant", content: h.role === "agent" ? `(a human agent wrote) ${h.content}` : h.content });
  }
  // A prompt must end with the customer: the pending burst is the history's tail, but be safe.
  if (!out.length || out[out.length - 1]!.role !== "user")
    out.push({ role: "user", content: "(the customer is waiting for an answer)" });
  return out;
}

const SOURCES_LINE = /\s*\[\s*sources?\s*:\s*([^\]]*)\]\s*$/i;

/** Strips the trailing `[sources: …]` line; returns the cited numbers (null when the model gave none). */
export function extractCitations(text: string): { text: string; cited: number[] | null } {
  const m = SOURCES_LINE.exec(text);
  if (!m) return { text: text.trim(), cited: null };
  const cited = [...m[1]!.matchAll(/\d+/g)].map((x) => Number(x[0]));
  return { text: text.slice(0, m.index).trim(), cited };
}
