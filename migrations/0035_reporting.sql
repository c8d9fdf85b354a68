CREATE TABLE "conversation_facts" (
	"conversation_id" uuid PRIMARY KEY NOT NULL,
	"channel_id" uuid NOT NULL,
	"channel_type" text NOT NULL,
	"channel_name" text DEFAULT '' NOT NULL,
	"team_id" uuid,
	"team_name" text,
	"agent_id" uuid,
	"agent_name" text,
	"labels" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"contact_name" text,
	"created_at" timestamp (3) with time zone NOT NULL,
	"handoff_at" timestamp (3) with time zone,
	"handoff_rule" text,
	"handoff_reason" text,
	"first_response_at" timestamp (3) with time zone,
	"first_response_seconds" integer,
	"first_response_business_seconds" integer,
	"resolved_at" timestamp (3) with time zone,
	"resolution_seconds" integer,
	"resolution_business_seconds" integer,
	"resolved_by" text,
	"handled_by" text,
	"ai_involved" boolean DEFAULT false NOT NULL,
	"ai_resolution" text,
	"human_replied" boolean DEFAULT false NOT NULL,
	"reopen_count" integer DEFAULT 0 NOT NULL,
	"messages_in" integer DEFAULT 0 NOT NULL,
	"messages_out" integer DEFAULT 0 NOT NULL,
	"waiting_since" timestamp (3) with time zone,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reporting_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"source_key" text NOT NULL,
	"type" text NOT NULL,
	"conversation_id" uuid NOT NULL,
	"occurred_at" timestamp (3) with time zone NOT NULL,
	"channel_id" uuid,
	"channel_type" text,
	"sender_type" text,
	"direction" text,
	"agent_id" uuid,
	"team_id" uuid,
	"seconds" integer,
	"business_seconds" integer,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE INDEX "conversation_facts_created_idx" ON "conversation_facts" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "conversation_facts_channel_idx" ON "conversation_facts" USING btree ("channel_id","created_at");--> statement-breakpoint
CREATE INDEX "conversation_facts_agent_idx" ON "conversation_facts" USING btree ("agent_id","created_at");--> statement-breakpoint
CREATE INDEX "conversation_facts_team_idx" ON "conversation_facts" USING btree ("team_id","created_at");--> statement-breakpoint
CREATE INDEX "conversation_facts_labels_idx" ON "conversation_facts" USING gin ("labels");--> statement-breakpoint
CREATE UNIQUE INDEX "reporting_events_source_key_idx" ON "reporting_events" USING btree ("source_key");--> statement-breakpoint
CREATE INDEX "reporting_events_type_time_idx" ON "reporting_events" USING btree ("type","occurred_at");--> statement-breakpoint
CREATE INDEX "reporting_events_conversation_idx" ON "reporting_events" USING btree ("conversation_id","occurred_at");