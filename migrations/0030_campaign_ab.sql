ALTER TABLE "campaign_recipients" ALTER COLUMN "variant" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "winner_rule" jsonb;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "test_ends_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "winner_variant" text;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "winner_chosen_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "winner_rates" jsonb;