CREATE TABLE "message_parts" (
	"message_id" uuid NOT NULL,
	"index" integer NOT NULL,
	"channel_id" uuid NOT NULL,
	"external_id" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "message_parts_message_id_index_pk" PRIMARY KEY("message_id","index")
);
--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "sending" jsonb;--> statement-breakpoint
ALTER TABLE "message_parts" ADD CONSTRAINT "message_parts_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_parts" ADD CONSTRAINT "message_parts_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "message_parts_channel_external_key" ON "message_parts" USING btree ("channel_id","external_id");