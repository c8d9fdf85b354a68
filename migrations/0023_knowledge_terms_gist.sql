DROP INDEX "knowledge_terms_trgm_idx";--> statement-breakpoint
CREATE INDEX "knowledge_terms_trgm_idx" ON "knowledge_terms" USING gist ("word" gist_trgm_ops);