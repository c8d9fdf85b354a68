CREATE TABLE "call_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"call_id" uuid,
	"event_key" text NOT NULL,
	"kind" text NOT NULL,
	"summary" text NOT NULL,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "call_settings" (
	"id" boolean PRIMARY KEY DEFAULT true NOT NULL,
	"account_sid" text NOT NULL,
	"api_key_sid" text,
	"secrets_sealed" text NOT NULL,
	"phone_number" text NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "calls" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"direction" text NOT NULL,
	"contact_id" uuid,
	"flow_id" uuid,
	"from_number" text,
	"to_number" text NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"category" text DEFAULT 'queued' NOT NULL,
	"answered_by" text,
	"provider_sid" text,
	"attempt_id" uuid,
	"place_requested_at" timestamp (3) with time zone,
	"failure_reason" text,
	"duration_seconds" integer,
	"last_sequence" integer DEFAULT -1 NOT NULL,
	"recording_state" text DEFAULT 'none' NOT NULL,
	"recording_sid" text,
	"recording_key" text,
	"recording_content_type" text,
	"recording_bytes" integer,
	"recording_duration" integer,
	"recording_channels" integer,
	"recording_reason" text,
	"created_by" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"answered_at" timestamp (3) with time zone,
	"ended_at" timestamp (3) with time zone,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "call_events" ADD CONSTRAINT "call_events_call_id_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."calls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calls" ADD CONSTRAINT "calls_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "call_events_key" ON "call_events" USING btree ("event_key");--> statement-breakpoint
CREATE INDEX "call_events_call_idx" ON "call_events" USING btree ("call_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "calls_provider_sid_key" ON "calls" USING btree ("provider_sid") WHERE "calls"."provider_sid" is not null;--> statement-breakpoint
CREATE INDEX "calls_created_idx" ON "calls" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "calls_contact_idx" ON "calls" USING btree ("contact_id");--> statement-breakpoint
CREATE INDEX "calls_dialing_idx" ON "calls" USING btree ("place_requested_at") WHERE "calls"."status" = 'dialing';