import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fakeEmbedding } from "../src/features/ai/fakes/embedding-vectors";
import { startGeminiFake } from "../src/features/ai/fakes/gemini-fake";
import { startOpenAiFake } from "../src/features/ai/fakes/openai-fake";
import { type FakeModelServer, hang, serverError } from "../src/features/ai/fakes/script";
import { vectorSearch } from "../src/features/knowledge/vector-search";
import { bootServer, type Client, drivers, loginAs, type TestServer, waitFor } from "./helpers";

const answer = { type: "text", text: "" } as const;

describe.each(drivers)("knowledge embeddings (%s)", (driver) => {
  let s: TestServer;
  let openai: FakeModelServer;
  let gemini: FakeModelServer;
  let admin: Client;
  let refundId: string;

  const status = async () => (await admin.get("/api/knowledge/embeddings")).body;
  const search = async (query: string) => {
    const r = await admin.post("/api/knowledge/search", { query, limit: 5 });
    expect(r.status).toBe(200);
    return r.body.results as any[];
  };
  const allEmbedded = async (model: string) => {
    await waitFor(async () => {
      const st = await status();
      // The run records its success just after its last batch commits: wait for both.
      return st.model === model && st.total > 0 && st.embedded === st.total && st.lastError === null;
    }, 20_000);
  };

  beforeAll(async () => {
    openai = await startOpenAiFake({ key: "sk-embed" });
    gemini = await startGeminiFake({ key: "g-embed" });
    s = await bootServer(driver, {
      OPENAI_BASE_URL: `${openai.url}/v1`,
      GEMINI_BASE_URL: `${gemini.url}/v1beta`,
      AI_MAX_RETRIES: "0",
      AI_TIMEOUT_SECONDS: "2",
    });
    admin = await loginAs(s.url);
    const refund = await admin.post("/api/knowledge/articles", {
      title: "Refund policy",
      body: "Refunds are issued to the original payment method within 5 business days after we receive the item.",
      status: "published",
    });
    refundId = refund.body.id;
    await admin.post("/api/knowledge/articles", {
      title: "Shipping to Canada",
      body: "We ship to Canada with tracked post. Orders arrive in 7 to 10 days.",
      status: "published",
    });
    await admin.post("/api/knowledge/qa", {
      question: "How do I reset my password?",
      answer: "Use the 'Forgot password' link on the login page.",
      status: "published",
    });
  });
  afterAll(async () => {
    await s.stop();
    await openai.close();
    await gemini.close();
  });

  it("the answer matcher has no embeddings: status shows none, search is text-only", async () => {
    const st = await status();
    expect(st).toMatchObject({ model: null, embedded: 0, lastError: null });
    expect(st.total).toBeGreaterThanOrEqual(3);
    const hits = await search("refund policy");
    expect(hits[0]).toMatchObject({ source: { id: refundId }, vectorRank: null, vectorSimilarity: null });
    expect(openai.embeddings.requests).toHaveLength(0);
  });

  it("with OpenAI, chunks are embedded through the fake and a paraphrase is found only by the vector list", async () => {
    const put = await admin.req("PUT", "/api/ai/settings", { provider: "openai", apiKey: "sk-embed" });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ embeddings: true, embeddingModel: "" });
    await allEmbedded("openai:text-embedding-3-small");
    const batch = openai.embeddings.requests.find((r) => Array.isArray(r.body?.input) && r.body.input.length >= 3);
    expect(batch?.body).toMatchObject({ model: "text-embedding-3-small" });

    // "reimbursement" shares no word with the refund article (nor a typo-correctable one); the
    // fake's vectors map it to the same concept, so only the embedding list finds it.
    const hits = await search("reimbursement");
    expect(hits[0]).toMatchObject({ source: { id: refundId }, vectorRank: 1, textRank: null, trigramRank: null });
    expect(hits[0].vectorSimilarity).toBeGreaterThan(0.3);
    expect(hits.some((h) => h.source.title === "Shipping to Canada")).toBe(false);

    // PGlite loads pgvector, so there the list is `<=>` over an HNSW index; the server here has no
    // pgvector and uses the array list. Where both exist they must rank alike.
    const ext = await s.ctx.database.executeSql("select 1 from pg_extension where extname = 'vector'", []);
    expect(ext.rows.length).toBe(driver === "pglite" ? 1 : 0);
    if (driver === "pglite") {
      const idx = await s.ctx.database.executeSql(
        "select indexname from pg_indexes where tablename = 'knowledge_chunks' and indexname ~ '^knowledge_chunks_embedding_[0-9]+_idx$'",
        [],
      );
      expect(idx.rows.length).toBe(1);
      const opts = { model: "openai:text-embedding-3-small", vector: fakeEmbedding("reimbursement"), limit: 5 };
      const viaPgvector = await vectorSearch(s.ctx.db, opts, "pgvector");
      const viaArray = await vectorSearch(s.ctx.db, opts, "array");
      expect(viaPgvector.map((h) => h.chunkId)).toEqual(viaArray.map((h) => h.chunkId));
      expect(viaPgvector[0]?.source.id).toBe(refundId);
    }

    // The array list computes the cosine in JavaScript from the stored binary array: it must give
    // PostgreSQL's own sum(a * b) over real to the last digit, and so the same floor and order.
    for (const q of ["reimbursement", "refund policy", "shipping to canada", "reset my password"]) {
      const vector = fakeEmbedding(q);
      const viaArray = await vectorSearch(
        s.ctx.db,
        { model: "openai:text-embedding-3-small", vector, limit: 40 },
        "array",
      );
      const reference = await s.ctx.database.executeSql(
        `select id, similarity from (
           select id, round((select sum(a * b) from unnest(embedding, $1::real[]) t(a, b))::float8::numeric, 4)::float8 as similarity
           from knowledge_chunks where embedding_model = 'openai:text-embedding-3-small' and published) v
         where similarity >= 0.3 order by similarity desc, id`,
        [`{${vector.join(",")}}`],
      );
      expect(viaArray.map((h) => [h.chunkId, h.vectorSimilarity])).toEqual(
        (reference.rows as { id: string; similarity: number }[]).map((r) => [r.id, r.similarity]),
      );
    }
    const refund = await vectorSearch(
      s.ctx.db,
      { model: "openai:text-embedding-3-small", vector: fakeEmbedding("reimbursement"), limit: 5 },
      "array",
    );
    expect(refund[0]?.source.id).toBe(refundId);

    // The run that embedded the chunks also gathered the planner's statistics (PGlite has no autovacuum).
    const stats = await s.ctx.database.executeSql(
      "select 1 from pg_stats where tablename = 'knowledge_chunks' and attname = 'embedding_model'",
      [],
    );
    expect(stats.rows.length).toBe(1);

    // A query both lists find: the ranks add up (reciprocal rank fusion).
    const both = await search("refund policy");
    expect(both[0]).toMatchObject({ source: { id: refundId }, textRank: 1, vectorRank: 1 });
    expect(both[0].score).toBeGreaterThan(2 / 61);
  });

  it("a provider failure leaves text-only results and shows the error; the next run recovers", async () => {
    openai.embeddings.fallback = serverError(500);
    const hits = await search("refund policy");
    expect(hits[0]).toMatchObject({ source: { id: refundId }, textRank: 1, vectorRank: null });
    expect(await search("reimbursement")).toEqual([]);

    const created = await admin.post("/api/knowledge/articles", {
      title: "Exchanges",
      body: "You can exchange an item for another size within 30 days.",
      status: "published",
    });
    expect(created.status).toBe(201);
    await waitFor(async () => Boolean((await status()).lastError), 20_000);
    const st = await status();
    expect(st.embedded).toBeLessThan(st.total);
    expect(st.lastError).toMatch(/server/i);
    expect(st.lastErrorAt).toBeTruthy();

    openai.embeddings.fallback = answer;
    await allEmbedded("openai:text-embedding-3-small");
    expect((await status()).lastError).toBeNull();
    expect((await search("swap"))[0]).toMatchObject({ source: { title: "Exchanges" }, vectorRank: 1 });
  });

  it("a question whose embedding never comes back still gets the text results (the call times out)", async () => {
    openai.embeddings.push(hang());
    const hits = await search("refund policy");
    expect(hits[0]).toMatchObject({ source: { id: refundId }, textRank: 1, vectorRank: null });
    expect(openai.embeddings.pending()).toBe(0);
  });

  it("changing the embedding model re-embeds every chunk", async () => {
    const before = openai.embeddings.requests.length;
    const put = await admin.req("PUT", "/api/ai/settings", { embeddingModel: "text-embedding-3-large" });
    expect(put.status).toBe(200);
    await allEmbedded("openai:text-embedding-3-large");
    const texts = openai.embeddings.requests
      .slice(before)
      .filter((r) => r.body?.model === "text-embedding-3-large" && Array.isArray(r.body.input))
      .flatMap((r) => r.body.input);
    expect(texts.length).toBeGreaterThanOrEqual((await status()).total);
    expect((await search("reimbursement"))[0]).toMatchObject({ source: { id: refundId }, vectorRank: 1 });
  });

  it("Gemini embeds in batches (batchEmbedContents) and its query embedding joins the search", async () => {
    const put = await admin.req("PUT", "/api/ai/settings", {
      provider: "google",
      apiKey: "g-embed",
      embeddingModel: "",
    });
    expect(put.status).toBe(200);
    await allEmbedded("google:gemini-embedding-001");
    const batch = gemini.embeddings.requests.find((r) => r.path.endsWith(":batchEmbedContents"));
    expect(batch?.body.requests[0]).toMatchObject({ outputDimensionality: 768, taskType: "RETRIEVAL_DOCUMENT" });
    expect((await search("reimbursement"))[0]).toMatchObject({ source: { id: refundId }, vectorRank: 1 });
  });

  it("embeddings off: text-only again, status shows no model", async () => {
    await admin.req("PUT", "/api/ai/settings", { embeddings: false });
    expect(await status()).toMatchObject({ model: null, embedded: 0 });
    expect(await search("reimbursement")).toEqual([]);
  });
});
