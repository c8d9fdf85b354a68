import {
  articlePage,
  articleSchema,
  createArticleBody,
  createQaBody,
  idParams,
  importSchema,
  knowledgeEmbeddingStatus,
  knowledgeSearchBody,
  knowledgeSearchResult,
  listKnowledgeQuery,
  qaPage,
  qaSchema,
  updateArticleBody,
  updateQaBody,
} from "@switchboard/contracts";
import { desc, eq } from "drizzle-orm";
import { z } from "zod";
import type { AppContext } from "../../platform/context";
import { notFound } from "../../platform/errors";
import { defineRoute } from "../../platform/http/route";
import { requestActor } from "../audit";
import { createArticle, deleteArticle, updateArticle } from "./articles";
import { embeddingStatus } from "./embed-chunks";
import { requestEmbedding } from "./embed-job";
import type { EmbedderSource } from "./embedder";
import { hybridSearch } from "./hybrid-search";
import { importRoutes } from "./import-routes";
import { createQa, deleteQa, updateQa } from "./qa";
import { getArticle, getQa, listArticles, listQa } from "./queries";
import { toImport } from "./run-import";
import { knowledgeImports } from "./schema";

/** Agents read the knowledge base (and test search); only admins change it. */
export function knowledgeRoutes(ctx: AppContext, embedders: EmbedderSource = async () => null) {
  const tags = ["knowledge"];
  return [
    defineRoute({
      method: "get",
      path: "/api/knowledge/articles",
      guard: "agent",
      summary: "List articles (newest edit first), filtered by text, status and tag",
      tags,
      query: listKnowledgeQuery,
      response: articlePage,
      handler: ({ query }) => listArticles(ctx.db, query),
    }),
    defineRoute({
      method: "post",
      path: "/api/knowledge/articles",
      guard: "admin",
      summary: "Create an article (Markdown body); it is chunked and indexed at once",
      tags,
      body: createArticleBody,
      response: articleSchema,
      status: 201,
      handler: async ({ req, user, body }) => {
        const row = await createArticle(ctx.db, requestActor(req, user), body);
        await requestEmbedding(ctx);
        return (await getArticle(ctx.db, row.id))!;
      },
    }),
    defineRoute({
      method: "get",
      path: "/api/knowledge/articles/:id",
      guard: "agent",
      summary: "One article",
      tags,
      params: idParams,
      response: articleSchema,
      handler: async ({ params }) => (await getArticle(ctx.db, params.id)) ?? Promise.reject(notFound("Article")),
    }),
    defineRoute({
      method: "patch",
      path: "/api/knowledge/articles/:id",
      guard: "admin",
      summary: "Edit an article; its chunks are rebuilt in the same transaction",
      tags,
      params: idParams,
      body: updateArticleBody,
      response: articleSchema,
      handler: async ({ req, user, params, body }) => {
        await updateArticle(ctx.db, requestActor(req, user), params.id, body);
        await requestEmbedding(ctx);
        return (await getArticle(ctx.db, params.id))!;
      },
    }),
    defineRoute({
      method: "delete",
      path: "/api/knowledge/articles/:id",
      guard: "admin",
      summary: "Delete an article and its chunks",
      tags,
      params: idParams,
      status: 204,
      handler: async ({ req, user, params }) => {
        await deleteArticle(ctx.db, requestActor(req, user), params.id);
      },
    }),
    defineRoute({
      method: "get",
      path: "/api/knowledge/qa",
      guard: "agent",
      summary: "List Q&A pairs",
      tags,
      query: listKnowledgeQuery,
      response: qaPage,
      handler: ({ query }) => listQa(ctx.db, query),
    }),
    defineRoute({
      method: "post",
      path: "/api/knowledge/qa",
      guard: "admin",
      summary: "Create a Q&A pair (one chunk)",
      tags,
      body: createQaBody,
      response: qaSchema,
      status: 201,
      handler: async ({ req, user, body }) => {
        const row = await createQa(ctx.db, requestActor(req, user), body);
        await requestEmbedding(ctx);
        return (await getQa(ctx.db, row.id))!;
      },
    }),
    defineRoute({
      method: "get",
      path: "/api/knowledge/qa/:id",
      guard: "agent",
      summary: "One Q&A pair",
      tags,
      params: idParams,
      response: qaSchema,
      handler: async ({ params }) => (await getQa(ctx.db, params.id)) ?? Promise.reject(notFound("Q&A pair")),
    }),
    defineRoute({
      method: "patch",
      path: "/api/knowledge/qa/:id",
      guard: "admin",
      summary: "Edit a Q&A pair; its chunk is rebuilt in the same transaction",
      tags,
      params: idParams,
      body: updateQaBody,
      response: qaSchema,
      handler: async ({ req, user, params, body }) => {
        await updateQa(ctx.db, requestActor(req, user), params.id, body);
        await requestEmbedding(ctx);
        return (await getQa(ctx.db, params.id))!;
      },
    }),
    defineRoute({
      method: "delete",
      path: "/api/knowledge/qa/:id",
      guard: "admin",
      summary: "Delete a Q&A pair",
      tags,
      params: idParams,
      status: 204,
      handler: async ({ req, user, params }) => {
        await deleteQa(ctx.db, requestActor(req, user), params.id);
      },
    }),
    defineRoute({
      method: "post",
      path: "/api/knowledge/search",
      guard: "agent",
      summary:
        "Ranked published chunks for a question (full-text + trigram + embeddings when the AI provider offers them, fused by reciprocal rank)",
      tags,
      body: knowledgeSearchBody,
      response: knowledgeSearchResult,
      handler: async ({ body }) => hybridSearch(ctx.db, body, await embedders().catch(() => null), ctx.log),
    }),
    defineRoute({
      method: "get",
      path: "/api/knowledge/embeddings",
      guard: "agent",
      summary: "How far the knowledge base is embedded for the current model, and the last embedding failure",
      tags,
      response: knowledgeEmbeddingStatus,
      handler: async () => embeddingStatus(ctx.db, (await embedders().catch(() => null))?.model ?? null),
    }),
    ...importRoutes(ctx),
    defineRoute({
      method: "get",
      path: "/api/knowledge/imports",
      guard: "admin",
      summary: "Recent imports and their results",
      tags,
      response: z.object({ items: z.array(importSchema) }),
      handler: async () => {
        const rows = await ctx.db.select().from(knowledgeImports).orderBy(desc(knowledgeImports.createdAt)).limit(20);
        return { items: rows.map(toImport) };
      },
    }),
    defineRoute({
      method: "get",
      path: "/api/knowledge/imports/:id",
      guard: "admin",
      summary: "One import: queued, running, done or failed, with per-row errors",
      tags,
      params: idParams,
      response: importSchema,
      handler: async ({ params }) => {
        const [row] = await ctx.db.select().from(knowledgeImports).where(eq(knowledgeImports.id, params.id));
        if (!row) throw notFound("Import");
        return toImport(row);
      },
    }),
  ];
}
