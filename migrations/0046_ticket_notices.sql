CREATE TABLE "ticket_notice_settings" (
	"id" text PRIMARY KEY NOT NULL,
	"settings" jsonb NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ticket_notices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"key" text NOT NULL,
	"ticket_id" uuid NOT NULL,
	"conversation_id" uuid,
	"channel_type" text,
	"ticket_status" text NOT NULL,
	"form" text NOT NULL,
	"template_name" text,
	"status" text NOT NULL,
	"reason" text,
	"message_id" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "ticket_notices" ADD CONSTRAINT "ticket_notices_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "ticket_notices_key" ON "ticket_notices" USING btree ("key");--> statement-breakpoint
CREATE INDEX "ticket_notices_ticket_idx" ON "ticket_notices" USING btree ("ticket_id");--> statement-breakpoint
CREATE INDEX "ticket_notices_message_idx" ON "ticket_notices" USING btree ("message_id");