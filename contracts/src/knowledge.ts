import { z } from "zod";
import { isoDate, text } from "./common";

/**
 * Text-search configurations PostgreSQL ships on both the server and PGlite (`pg_ts_config`).
 * `simple` lowercases without stemming: the fallback for languages without a dictionary.
 */
export const knowledgeLanguages = [
  "simple",
  "arabic",
  "armenian",
  "basque",
  "catalan",
  "danish",
  "dutch",
  "english",
  "finnish",
  "french",
  "german",
  "greek",
  "hindi",
  "hungarian",
  "indonesian",
  "irish",
  "italian",
  "lithuanian",
  "nepali",
  "norwegian",
  "portuguese",
  "romanian",
  "russian",
  "serbian",
  "spanish",
  "swedish",
  "tamil",
  "turkish",
  "yiddish",
] as const;
export const knowledgeLanguageSchema = z.enum(knowledgeLanguages);
export type KnowledgeLanguage = z.infer<typeof knowledgeLanguageSchema>;
/** `auto`: detected from the text when saved. */
export const languageChoice = z.union([z.literal("auto"), knowledgeLanguageSchema]);

export const knowledgeStatuses = ["draft", "published"] as const;
export const knowledgeStatusSchema = z.enum(knowledgeStatuses);
export type KnowledgeStatus = z.infer<typeof knowledgeStatusSchema>;

const tag = text().trim().min(1).max(50);
const tags = z
  .array(tag)
  .max(20)
  .transform((t) => [...new Set(t.map((x) => x.toLowerCase()))]);
const editor = z.object({ id: z.uuid(), name: text() }).nullable();

export const articleSchema = z.object({
  id: z.uuid(),
  title: text(),
  body: text().describe("Markdown"),
  tags: z.array(text()),
  status: knowledgeStatusSchema,
  language: knowledgeLanguageSchema.describe("The text-search dictionary the article is indexed with"),
  chunkCount: z.number().int(),
  sourceUrl: text().nullable(),
  updatedBy: editor,
  updatedAt: isoDate,
  createdAt: isoDate,
});
export type Article = z.infer<typeof articleSchema>;
export const articleSummarySchema = articleSchema.omit({ body: true }).extend({ excerpt: text() });
export type ArticleSummary = z.infer<typeof articleSummarySchema>;

export const listKnowledgeQuery = z.object({
  q: text().trim().max(200).optional(),
  status: knowledgeStatusSchema.optional(),
  tag: tag.optional(),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export const articlePage = z.object({ items: z.array(articleSummarySchema), total: z.number().int() });

export const createArticleBody = z.object({
  title: text().trim().min(1, "Give the article a title").max(300),
  body: text().max(200_000).default(""),
  tags: tags.default([]),
  status: knowledgeStatusSchema.default("draft"),
  language: languageChoice.default("auto"),
});
export const updateArticleBody = z
  .object({
    title: text().trim().min(1, "Give the article a title").max(300).optional(),
    body: text().max(200_000).optional(),
    tags: tags.optional(),
    status: knowledgeStatusSchema.optional(),
    language: languageChoice.optional(),
  })
  .refine((v) => Object.keys(v).length > 0, "Nothing to update");

export const qaSchema = z.object({
  id: z.uuid(),
  question: text(),
  answer: text(),
  alternatives: z.array(text()).describe("Other ways customers ask the same question"),
  tags: z.array(text()),
  status: knowledgeStatusSchema,
  language: knowledgeLanguageSchema,
  updatedBy: editor,
  updatedAt: isoDate,
  createdAt: isoDate,
});
export type QaPair = z.infer<typeof qaSchema>;
export const qaPage = z.object({ items: z.array(qaSchema), total: z.number().int() });

const question = text().trim().min(1, "Write the question").max(1000);
const answer = text().trim().min(1, "Write the answer").max(20_000);
const alternatives = z.array(text().trim().min(1).max(1000)).max(20);
export const createQaBody = z.object({
  question,
  answer,
  alternatives: alternatives.default([]),
  tags: tags.default([]),
  status: knowledgeStatusSchema.default("published"),
  language: languageChoice.default("auto"),
});
export const updateQaBody = z
  .object({
    question: question.optional(),
    answer: answer.optional(),
    alternatives: alternatives.optional(),
    tags: tags.optional(),
    status: knowledgeStatusSchema.optional(),
    language: languageChoice.optional(),
  })
  .refine((v) => Object.keys(v).length > 0, "Nothing to update");

export const knowledgeSearchBody = z.object({
  query: text().trim().min(1, "Type what to search for").max(500),
  limit: z.number().int().min(1).max(50).default(5),
  language: knowledgeLanguageSchema
    .optional()
    .describe("The customer's language; detected from the query when left out"),
});
export const knowledgeHitSchema = z.object({
  chunkId: z.uuid(),
  score: z.number().describe("Fused score (reciprocal rank fusion of full-text and trigram ranks), higher is better"),
  textRank: z.number().nullable().describe("Rank in the full-text list (1 = best), null when absent from it"),
  trigramRank: z.number().nullable().describe("Rank in the trigram list (1 = best), null when absent from it"),
  textScore: z
    .number()
    .nullable()
    .describe("ts_rank of the chunk (length-normalised): an absolute relevance a confidence threshold can use"),
  trigramSimilarity: z
    .number()
    .nullable()
    .describe("word_similarity of the question to the chunk's title and heading (0–1)"),
  // Optional for hits built before embeddings existed (fixtures); search always sets both.
  vectorRank: z
    .number()
    .nullable()
    .optional()
    .describe("Rank in the embedding (vector) list (1 = best), null when absent from it or when embeddings are off"),
  vectorSimilarity: z
    .number()
    .nullable()
    .optional()
    .describe("Cosine similarity of the question's embedding to the chunk's (−1–1), null when not in the vector list"),
  heading: text().nullable(),
  content: text(),
  source: z.object({ type: z.enum(["article", "qa"]), id: z.uuid(), title: text() }),
});
export type KnowledgeHit = z.infer<typeof knowledgeHitSchema>;
export const knowledgeSearchResult = z.object({
  results: z.array(knowledgeHitSchema),
  language: knowledgeLanguageSchema,
  terms: z.array(text()).describe("The query's words after typo correction against the knowledge base's vocabulary"),
});
export type KnowledgeSearchResult = z.infer<typeof knowledgeSearchResult>;

/** How far the knowledge base's embeddings are (GET /api/knowledge/embeddings). */
export const knowledgeEmbeddingStatus = z.object({
  model: text().nullable().describe("The embedding model in use (provider:model); null when embeddings are off"),
  embedded: z.number().int().describe("Chunks with an embedding from this model"),
  total: z.number().int().describe("All chunks"),
  lastError: text().nullable().describe("Why the last embedding run failed; null once a run succeeds"),
  lastErrorAt: isoDate.nullable(),
});
export type KnowledgeEmbeddingStatus = z.infer<typeof knowledgeEmbeddingStatus>;

export const importKinds = ["markdown", "text", "csv", "url"] as const;
export const importStatuses = ["queued", "running", "done", "failed"] as const;
export const importSplits = ["headings", "single"] as const;
export const importSchema = z.object({
  id: z.uuid(),
  kind: z.enum(importKinds),
  source: text().describe("File name or URL"),
  status: z.enum(importStatuses),
  articlesCreated: z.number().int(),
  qaCreated: z.number().int(),
  errors: z.array(z.object({ row: z.number().int().nullable(), message: text() })),
  createdAt: isoDate,
  finishedAt: isoDate.nullable(),
});
export type KnowledgeImport = z.infer<typeof importSchema>;
/** The form fields next to the uploaded `file`. */
export const importFileFields = z.object({
  split: z.enum(importSplits).default("headings").describe("headings: one article per top-level section"),
  status: knowledgeStatusSchema.default("draft"),
  tags: text().max(500).optional().describe("Comma-separated tags for every imported item"),
});
export const importUrlBody = z.object({
  url: z.url({ protocol: /^https?$/ }).max(2000),
  status: knowledgeStatusSchema.default("draft"),
  tags: tags.default([]),
});
