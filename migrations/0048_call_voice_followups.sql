ALTER TABLE "calls" ADD COLUMN "voicemail_state" text;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "voicemail_reason" text;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "transfer_state" text;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "transfer_to" text;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "transfer_summary" text;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "transfer_reason" text;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "transcript_state" text;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "transcript_text" text;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "transcript_reason" text;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "follow_up_state" text;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "follow_up_reason" text;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "follow_up_message_id" text;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "follow_up_attempt_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "flows" ADD COLUMN "follow_up" jsonb;