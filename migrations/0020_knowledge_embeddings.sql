CREATE TABLE "knowledge_embedding_state" (
	"id" text PRIMARY KEY NOT NULL,
	"model" text,
	"last_error" text,
	"last_error_at" timestamp (3) with time zone,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "knowledge_chunks" ADD COLUMN "embedding_dims" integer;--> statement-breakpoint
ALTER TABLE "knowledge_chunks" ADD COLUMN "embedding_bits" bit varying;--> statement-breakpoint
CREATE INDEX "knowledge_chunks_embedding_model_idx" ON "knowledge_chunks" USING btree ("embedding_model");