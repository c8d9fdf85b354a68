import type { KnowledgeHit } from "@switchboard/contracts";
import type { Brain } from "./brain";

/**
 * Full-text relevance at which the matcher is sure. `textScore` is PostgreSQL's ts_rank with length
 * normalisation 1 (rank / (1 + log(length))), title and heading weighted A. Measured on the labelled
 * set in ai-responder-matcher.test.ts: right answers score 0.057–0.18 (a Q&A whose question shares the
 * customer's words ~0.08–0.17, an article section ~0.05–0.07 through its title), wrong or accidental
 * hits 0.004–0.03 (a stop-word-like overlap). 0.1 maps the first group to 0.57–1.
 */
const SURE_TEXT_SCORE = 0.1;
/** Trigram similarity of a short question to a title/heading counts from the index's own threshold up. */
const MIN_TRIGRAM = 0.6;
/** Longest answer the matcher sends from an article section (characters); Q&A answers go whole. */
const MAX_PASSAGE = 700;

/**
 * Retrieval confidence of a hit, 0–1:
 *   max( min(1, textScore / 0.1), trigramSimilarity when >= 0.6 else 0 )
 * The fused `score` (reciprocal rank fusion) only orders hits: it says where a chunk ranks, not how
 * well it matches (the best hit of an unrelated question has the same fused score as a perfect one).
 */
export function matchConfidence(hit: KnowledgeHit): number {
  const text = Math.min(1, (hit.textScore ?? 0) / SURE_TEXT_SCORE);
  const trigram = (hit.trigramSimilarity ?? 0) >= MIN_TRIGRAM ? hit.trigramSimilarity! : 0;
  return Math.round(Math.max(text, trigram) * 100) / 100;
}

/** A Q&A chunk is "question\nalternatives\n\nanswer": the answer is everything after the first blank line. */
export function answerOf(hit: KnowledgeHit): string {
  if (hit.source.type === "qa") {
    const at = hit.content.indexOf("\n\n");
    return (at >= 0 ? hit.content.slice(at + 2) : hit.content).trim();
  }
  // Chunks start with their section's heading; chat Markdown has no headings (the citation names it).
  let body = hit.content.trim();
  const first = body
    .split("\n", 1)[0]!
    .replace(/^#+\s*/, "")
    .trim();
  if (hit.heading && first === hit.heading.trim()) body = body.slice(body.indexOf("\n") + 1).trim() || body;
  return passage(body);
}

/** Whole paragraphs (Markdown kept) up to MAX_PASSAGE; a first paragraph that long is cut at a sentence. */
export function passage(content: string): string {
  const paragraphs = content.trim().split(/\n{2,}/);
  let out = "";
  for (const p of paragraphs) {
    if (out && out.length + p.length + 2 > MAX_PASSAGE) break;
    out = out ? `${out}\n\n${p}` : p;
  }
  if (out.length <= MAX_PASSAGE) return out;
  const cut = out.slice(0, MAX_PASSAGE);
  const end = Math.max(cut.lastIndexOf(". "), cut.lastIndexOf(".\n"), cut.lastIndexOf("? "), cut.lastIndexOf("! "));
  return end > MAX_PASSAGE / 3 ? cut.slice(0, end + 1) : `${cut.slice(0, cut.lastIndexOf(" "))}…`;
}

/**
 * The built-in answer matcher: no key, no network. It answers with the best knowledge-base answer (a
 * Q&A pair's answer, or the most relevant passage of an article) when the retrieval confidence of
 * the best hit reaches `settings.confidenceThreshold`, and hands off (low_confidence) otherwise.
 */
export const matcherBrain: Brain = {
  provider: "matcher",
  async turn(input) {
    const best = input.knowledge[0];
    const confidence = best ? matchConfidence(best) : 0;
    if (!best || confidence < input.settings.confidenceThreshold)
      return {
        kind: "handoff",
        rule: "low_confidence",
        reason: best
          ? `The best knowledge-base match ("${best.source.title}") is not close enough (confidence ${confidence.toFixed(2)}, needs ${input.settings.confidenceThreshold.toFixed(2)})`
          : "Nothing in the knowledge base matches the question",
        summary: null,
        sources: best ? [best] : [],
        confidence,
        model: null,
      };
    return { kind: "reply", text: answerOf(best), sources: [best], confidence, model: null };
  },
};
