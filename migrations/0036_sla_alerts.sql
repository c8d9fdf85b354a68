ALTER TABLE "sla_clocks" ADD COLUMN "warn_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "sla_clocks" ADD COLUMN "warned_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "sla_clocks" ADD COLUMN "breached_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "sla_policy_versions" ADD COLUMN "warning_percent" integer DEFAULT 75 NOT NULL;