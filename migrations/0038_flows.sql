CREATE TABLE "flow_seeds" (
	"key" text PRIMARY KEY NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "flow_sessions" (
	"call_id" text PRIMARY KEY NOT NULL,
	"flow_id" uuid NOT NULL,
	"flow_version" integer NOT NULL,
	"contact_id" text,
	"brain" text NOT NULL,
	"state" jsonb NOT NULL,
	"outcome" text,
	"summary" text,
	"ended_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "flow_turns" (
	"call_id" text NOT NULL,
	"seq" integer NOT NULL,
	"role" text NOT NULL,
	"text" text NOT NULL,
	"intended" text,
	"interrupted" boolean DEFAULT false NOT NULL,
	"filler" boolean DEFAULT false NOT NULL,
	"step_id" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "flow_turns_call_id_seq_pk" PRIMARY KEY("call_id","seq")
);
--> statement-breakpoint
CREATE TABLE "flows" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"engine" text DEFAULT 'conversation_relay' NOT NULL,
	"voice" text DEFAULT '' NOT NULL,
	"language" text DEFAULT 'en-IN' NOT NULL,
	"persona" text DEFAULT '' NOT NULL,
	"interruption_sensitivity" text DEFAULT 'medium' NOT NULL,
	"silence_timeout_seconds" integer DEFAULT 6 NOT NULL,
	"max_call_seconds" integer DEFAULT 600 NOT NULL,
	"voicemail_message" text DEFAULT '' NOT NULL,
	"transfer_number" text DEFAULT '' NOT NULL,
	"steps" jsonb NOT NULL,
	"seed_key" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "flows_seed_key_unique" UNIQUE("seed_key")
);
--> statement-breakpoint
CREATE INDEX "flow_sessions_flow_idx" ON "flow_sessions" USING btree ("flow_id");