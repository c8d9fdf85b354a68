ALTER TABLE "webhook_events" ADD COLUMN "ordering_key" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "webhook_events" ADD COLUMN "next_attempt_at" timestamp (3) with time zone;--> statement-breakpoint
CREATE INDEX "webhook_events_pending_idx" ON "webhook_events" USING btree ("channel_id","received_at") WHERE "webhook_events"."status" = 'pending';