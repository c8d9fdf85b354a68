import { sql } from "drizzle-orm";
import { boolean, check, customType, index, integer, jsonb, pgTable, real, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, pk, ts, updatedAt } from "../../platform/db/columns";
import { users } from "../agents/schema";

/** Written only through `to_tsvector(...)` in SQL (chunk-writer.ts); never read back into JavaScript. */
const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });
/** A bit string ('0101…'); written through `::varbit` in SQL (embed-chunks.ts). */
const varbit = customType<{ data: string }>({ dataType: () => "bit varying" });

/**
 * Articles: the help-centre text the AI answers from. `language` is the PostgreSQL text-search
 * configuration its chunks are indexed with (detected from the text unless set).
 */
export const knowledgeArticles = pgTable(
  "knowledge_articles",
  {
    id: pk(),
    title: text("title").notNull(),
    body: text("body").notNull().default(""),
    tags: text("tags").array().notNull().default(sql`'{}'::text[]`),
    status: text("status", { enum: ["draft", "published"] })
      .notNull()
      .default("draft"),
    language: text("language").notNull().default("simple"),
    sourceUrl: text("source_url"),
    updatedById: uuid("updated_by_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("knowledge_articles_updated_idx").on(t.updatedAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index("knowledge_articles_tags_idx").using("gin", t.tags),
  ],
);

/** Q&A pairs: one question (and other ways to ask it), one answer. Each is exactly one chunk. */
export const knowledgeQa = pgTable(
  "knowledge_qa",
  {
    id: pk(),
    question: text("question").notNull(),
    answer: text("answer").notNull(),
    alternatives: text("alternatives").array().notNull().default(sql`'{}'::text[]`),
    tags: text("tags").array().notNull().default(sql`'{}'::text[]`),
    status: text("status", { enum: ["draft", "published"] })
      .notNull()
      .default("published"),
    language: text("language").notNull().default("simple"),
    updatedById: uuid("updated_by_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("knowledge_qa_updated_idx").on(t.updatedAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index("knowledge_qa_tags_idx").using("gin", t.tags),
  ],
);

/**
 * What retrieval searches: pieces of an article (or one Q&A pair), rewritten in the same
 * transaction as their source. `published` is copied from the source so the search never joins to
 * filter drafts out; `label` (title and section heading) feeds the trigram list, which catches
 * typos in the words that name a topic.
 */
export const knowledgeChunks = pgTable(
  "knowledge_chunks",
  {
    id: pk(),
    articleId: uuid("article_id").references(() => knowledgeArticles.id, { onDelete: "cascade" }),
    qaId: uuid("qa_id").references(() => knowledgeQa.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    heading: text("heading"),
    label: text("label").notNull(),
    content: text("content").notNull(),
    language: text("language").notNull(),
    published: boolean("published").notNull(),
    tsv: tsvector("tsv").notNull(),
    /**
     * The chunk's embedding (unit length), filled by the `knowledge.embed` job; retrieval fuses it in
     * when present. A plain real[] is the portable store; with pgvector, search casts it to
     * vector(dims) behind an HNSW expression index per dimension (vector-search.ts).
     */
    embedding: real("embedding").array(),
    /** provider:model that made `embedding`; a chunk whose model is not the current one is re-embedded. */
    embeddingModel: text("embedding_model"),
    embeddingDims: integer("embedding_dims"),
    /**
     * The embedding's signs, one bit per dimension (binary quantisation): without pgvector the vector
     * list first ranks by Hamming distance over these (bit_count of an XOR, cheap), then computes
     * the exact cosine over `embedding` for the best few hundred only.
     */
    embeddingBits: varbit("embedding_bits"),
    createdAt: createdAt(),
  },
  (t) => [
    index("knowledge_chunks_tsv_idx").using("gin", t.tsv),
    index("knowledge_chunks_label_trgm_idx").using("gin", t.label.op("gin_trgm_ops")),
    index("knowledge_chunks_article_idx").on(t.articleId, t.position),
    index("knowledge_chunks_qa_idx").on(t.qaId),
    index("knowledge_chunks_embedding_model_idx").on(t.embeddingModel),
    check("knowledge_chunks_one_source", sql`(${t.articleId} is null) <> (${t.qaId} is null)`),
  ],
);

/**
 * The words the knowledge base contains, for typo correction: a query word that is not here is
 * replaced by its nearest neighbours by trigram similarity ("refnd" -> "refund"). Words are only
 * added (a word whose last chunk went away costs one row and matches nothing). The trigram index
 * is GiST, not GIN, because it answers "nearest words first" (`order by word <-> $1`) directly:
 * with GIN the planner scanned every word to compute its similarity (3 ms for 3,600 words).
 */
export const knowledgeTerms = pgTable("knowledge_terms", { word: text("word").primaryKey() }, (t) => [
  index("knowledge_terms_trgm_idx").using("gist", t.word.op("gist_trgm_ops")),
]);

/**
 * How many chunks hold each lexeme (as indexed, stemmed), kept by the chunk writer in the same
 * transaction. Retrieval matches on the query's rarer words only when it has any: a word in most
 * chunks ("order", "account") would make the full-text list rank half the corpus, which is what
 * makes a naive OR query slow on 100,000 chunks; it still counts in the ranking.
 */
export const knowledgeLexemes = pgTable("knowledge_lexemes", {
  lexeme: text("lexeme").primaryKey(),
  chunks: integer("chunks").notNull(),
});

/**
 * How the embedding job last went (one row, id 'default'), for GET /api/knowledge/embeddings: the
 * count of embedded chunks is always read live, only the last failure needs remembering.
 */
export const knowledgeEmbeddingState = pgTable("knowledge_embedding_state", {
  id: text("id").primaryKey(),
  model: text("model"),
  lastError: text("last_error"),
  lastErrorAt: ts("last_error_at"),
  updatedAt: updatedAt(),
});

/** One import (file or URL) and what came of it; large ones run as a job and are polled. */
export const knowledgeImports = pgTable(
  "knowledge_imports",
  {
    id: pk(),
    kind: text("kind", { enum: ["markdown", "text", "csv", "url"] }).notNull(),
    source: text("source").notNull(),
    status: text("status", { enum: ["queued", "running", "done", "failed"] })
      .notNull()
      .default("queued"),
    options: jsonb("options")
      .$type<{ split: "headings" | "single"; status: "draft" | "published"; tags: string[] }>()
      .notNull(),
    /** The uploaded text while the job waits; cleared when it has run. */
    payload: text("payload"),
    articlesCreated: integer("articles_created").notNull().default(0),
    qaCreated: integer("qa_created").notNull().default(0),
    errors: jsonb("errors").$type<{ row: number | null; message: string }[]>().notNull().default([]),
    createdById: uuid("created_by_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    finishedAt: ts("finished_at"),
  },
  (t) => [index("knowledge_imports_created_idx").on(t.createdAt.desc().nullsFirst())],
);
