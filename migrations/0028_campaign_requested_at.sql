DROP INDEX "campaign_recipients_due_idx";--> statement-breakpoint
ALTER TABLE "campaign_recipients" ADD COLUMN "requested_at" timestamp (3) with time zone;--> statement-breakpoint
CREATE INDEX "campaign_recipients_due_idx" ON "campaign_recipients" USING btree ("campaign_id","next_attempt_at","id") WHERE "campaign_recipients"."status" = 'pending';