CREATE TABLE "drain_leases" (
	"channel_id" uuid PRIMARY KEY NOT NULL,
	"holder" uuid NOT NULL,
	"expires_at" timestamp (3) with time zone NOT NULL,
	"again" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "parked_statuses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"channel_id" uuid NOT NULL,
	"external_id" text NOT NULL,
	"status" text NOT NULL,
	"error_code" text,
	"error_message" text,
	"received_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "parked_statuses_key" ON "parked_statuses" USING btree ("channel_id","external_id","status");--> statement-breakpoint
CREATE INDEX "parked_statuses_received_idx" ON "parked_statuses" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "webhook_events_retry_idx" ON "webhook_events" USING btree ("channel_id","ordering_key") WHERE "webhook_events"."status" = 'pending' and "webhook_events"."next_attempt_at" is not null;--> statement-breakpoint
CREATE INDEX "conversations_identity_idx" ON "conversations" USING btree ("identity_id","last_message_at" DESC NULLS FIRST);