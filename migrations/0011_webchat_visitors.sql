CREATE TABLE "webchat_visitors" (
	"contact_id" uuid PRIMARY KEY NOT NULL,
	"channel_id" uuid NOT NULL,
	"page_url" text,
	"page_title" text,
	"referrer" text,
	"language" text,
	"time_zone" text,
	"user_agent" text,
	"browser" text,
	"os" text,
	"device" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "webchat_visitors" ADD CONSTRAINT "webchat_visitors_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webchat_visitors" ADD CONSTRAINT "webchat_visitors_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE no action ON UPDATE no action;