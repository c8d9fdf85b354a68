ALTER TABLE "message_templates" ADD COLUMN "rejected_reason" text;--> statement-breakpoint
ALTER TABLE "message_templates" ADD COLUMN "definition" jsonb;--> statement-breakpoint
ALTER TABLE "message_templates" ADD COLUMN "header_media" jsonb;--> statement-breakpoint
ALTER TABLE "message_templates" ADD COLUMN "submitted_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "message_templates" ADD COLUMN "created_at" timestamp (3) with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "message_templates" ADD COLUMN "updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL;