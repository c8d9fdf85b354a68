CREATE TABLE "csat_settings" (
	"id" text PRIMARY KEY NOT NULL,
	"settings" jsonb NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "csat_surveys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"resolution_key" text NOT NULL,
	"conversation_id" uuid NOT NULL,
	"channel_id" uuid NOT NULL,
	"channel_type" text NOT NULL,
	"contact_id" uuid,
	"customer_external_id" text,
	"agent_id" uuid,
	"resolved_by" text NOT NULL,
	"form" text NOT NULL,
	"status" text NOT NULL,
	"skip_reason" text,
	"message_id" uuid,
	"rating" integer,
	"comment" text,
	"answer_external_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"sent_at" timestamp (3) with time zone,
	"answered_at" timestamp (3) with time zone,
	"open_until" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "quality_scores" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"resolution_key" text NOT NULL,
	"conversation_id" uuid NOT NULL,
	"status" text NOT NULL,
	"resolution" integer,
	"sentiment" integer,
	"service" integer,
	"reason" text,
	"provider" text,
	"model" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "csat_surveys_resolution_key" ON "csat_surveys" USING btree ("resolution_key");--> statement-breakpoint
CREATE INDEX "csat_surveys_conversation_idx" ON "csat_surveys" USING btree ("conversation_id");--> statement-breakpoint
CREATE INDEX "csat_surveys_open_idx" ON "csat_surveys" USING btree ("channel_id","customer_external_id") WHERE "csat_surveys"."status" in ('sent', 'answered');--> statement-breakpoint
CREATE INDEX "csat_surveys_agent_idx" ON "csat_surveys" USING btree ("agent_id") WHERE "csat_surveys"."rating" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "quality_scores_resolution_key" ON "quality_scores" USING btree ("resolution_key");--> statement-breakpoint
CREATE INDEX "quality_scores_conversation_idx" ON "quality_scores" USING btree ("conversation_id");