ALTER TABLE "conversation_facts" ADD COLUMN "sla_hit" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "conversation_facts" ADD COLUMN "sla_missed" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "conversation_facts" ADD COLUMN "csat_surveyed" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "conversation_facts" ADD COLUMN "csat_rating" integer;--> statement-breakpoint
ALTER TABLE "conversation_facts" ADD COLUMN "csat_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "conversation_facts" ADD COLUMN "quality_resolution" integer;--> statement-breakpoint
ALTER TABLE "conversation_facts" ADD COLUMN "quality_sentiment" integer;--> statement-breakpoint
ALTER TABLE "conversation_facts" ADD COLUMN "quality_service" integer;--> statement-breakpoint
ALTER TABLE "conversation_facts" ADD COLUMN "quality_overall" double precision;--> statement-breakpoint
ALTER TABLE "conversation_facts" ADD COLUMN "quality_at" timestamp (3) with time zone;--> statement-breakpoint
-- Backfill: the outcomes of the reporting events already stored (new events keep them current).
UPDATE "conversation_facts" f SET "sla_hit" = o.hit, "sla_missed" = o.missed FROM (
  SELECT e.conversation_id,
    coalesce(array_agg(e.detail->>'metric' ORDER BY e.detail->>'metric' COLLATE "C") FILTER (WHERE e.type = 'sla_hit'), '{}') AS hit,
    coalesce(array_agg(e.detail->>'metric' ORDER BY e.detail->>'metric' COLLATE "C") FILTER (WHERE e.type = 'sla_missed'), '{}') AS missed
  FROM "reporting_events" e WHERE e.type IN ('sla_hit', 'sla_missed') AND e.detail->>'metric' IS NOT NULL GROUP BY 1
) o WHERE o.conversation_id = f.conversation_id;--> statement-breakpoint
UPDATE "conversation_facts" f SET "csat_surveyed" = true
  WHERE EXISTS (SELECT 1 FROM "reporting_events" e WHERE e.type = 'csat_sent' AND e.conversation_id = f.conversation_id);--> statement-breakpoint
UPDATE "conversation_facts" f SET "csat_rating" = c.rating, "csat_at" = c.occurred_at FROM (
  SELECT DISTINCT ON (e.conversation_id) e.conversation_id, (e.detail->>'rating')::int AS rating, e.occurred_at
  FROM "reporting_events" e
  WHERE e.type = 'csat_answered' AND e.detail->>'answer' = 'rating' AND e.detail->>'rating' IS NOT NULL
  ORDER BY e.conversation_id, e.occurred_at DESC, e.id DESC
) c WHERE c.conversation_id = f.conversation_id;--> statement-breakpoint
UPDATE "conversation_facts" f SET "quality_resolution" = l.resolution, "quality_sentiment" = l.sentiment,
  "quality_service" = l.service, "quality_overall" = l.overall, "quality_at" = l.occurred_at FROM (
  SELECT DISTINCT ON (e.conversation_id) e.conversation_id, (e.detail->>'resolution')::int AS resolution,
    (e.detail->>'sentiment')::int AS sentiment, (e.detail->>'service')::int AS service,
    (e.detail->>'overall')::double precision AS overall, e.occurred_at
  FROM "reporting_events" e WHERE e.type = 'quality_scored' AND e.detail->>'overall' IS NOT NULL
  ORDER BY e.conversation_id, e.occurred_at DESC, e.id DESC
) l WHERE l.conversation_id = f.conversation_id;
