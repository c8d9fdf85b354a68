-- Hand-written (drizzle cannot express column storage). Ranking reads every candidate chunk's
-- tsvector; kept out of line (TOAST, the default for a value over ~2 kB) each read is an extra
-- index lookup. MAIN keeps it in the row (the content is moved out first).
ALTER TABLE "knowledge_chunks" ALTER COLUMN "tsv" SET STORAGE MAIN;
