CREATE TABLE "call_campaign_targets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"to_number" text,
	"time_zone" text,
	"state" text DEFAULT 'pending' NOT NULL,
	"outcome" text,
	"reason" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"call_id" uuid,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "call_campaigns" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"flow_id" uuid,
	"status" text DEFAULT 'draft' NOT NULL,
	"audience" jsonb NOT NULL,
	"calling_hours" jsonb NOT NULL,
	"concurrency" integer DEFAULT 2 NOT NULL,
	"retries" jsonb NOT NULL,
	"created_by" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp (3) with time zone,
	"completed_at" timestamp (3) with time zone,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "call_campaign_targets" ADD CONSTRAINT "call_campaign_targets_campaign_id_call_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."call_campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_campaign_targets" ADD CONSTRAINT "call_campaign_targets_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_campaign_targets" ADD CONSTRAINT "call_campaign_targets_call_id_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."calls"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "call_campaign_targets_key" ON "call_campaign_targets" USING btree ("campaign_id","contact_id");--> statement-breakpoint
CREATE INDEX "call_campaign_targets_due_idx" ON "call_campaign_targets" USING btree ("campaign_id","state","next_attempt_at");--> statement-breakpoint
CREATE INDEX "call_campaign_targets_call_idx" ON "call_campaign_targets" USING btree ("call_id");