DROP INDEX "campaign_recipients_key";--> statement-breakpoint
ALTER TABLE "campaign_recipients" ADD COLUMN "step" text DEFAULT 'first' NOT NULL;--> statement-breakpoint
ALTER TABLE "campaign_recipients" ADD COLUMN "parent_id" uuid;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "follow_up" jsonb;--> statement-breakpoint
CREATE INDEX "campaign_recipients_parent_idx" ON "campaign_recipients" USING btree ("parent_id") WHERE "campaign_recipients"."parent_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "campaign_recipients_key" ON "campaign_recipients" USING btree ("campaign_id","contact_id","step");