-- pgvector where the server has it (PGlite loads it from @electric-sql/pglite-pgvector): knowledge search then
-- ranks embeddings with `<=>` over an HNSW index; without it, search falls back to cosine over the
-- real[] column (vector-search.ts). A role that may not create extensions keeps the fallback too.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'vector') THEN
    BEGIN
      CREATE EXTENSION IF NOT EXISTS vector;
    EXCEPTION WHEN insufficient_privilege THEN
      RAISE NOTICE 'pgvector is available but this role may not create it; knowledge search uses the array fallback';
    END;
  END IF;
END
$$;
