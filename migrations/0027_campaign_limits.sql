CREATE TABLE "whatsapp_portfolio_limits" (
	"waba_id" text PRIMARY KEY NOT NULL,
	"messaging_limit" integer,
	"tier" text NOT NULL,
	"source" text NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "campaign_recipients" ADD COLUMN "time_zone" text;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "send_window" jsonb;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "marketing_api" jsonb;--> statement-breakpoint
CREATE INDEX "campaign_recipients_sending_idx" ON "campaign_recipients" USING btree ("sending_at") WHERE "campaign_recipients"."sending_at" is not null;