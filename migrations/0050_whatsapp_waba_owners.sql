CREATE TABLE "whatsapp_waba_owners" (
	"waba_id" text PRIMARY KEY NOT NULL,
	"business_id" text NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
