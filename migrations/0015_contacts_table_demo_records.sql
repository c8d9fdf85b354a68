CREATE TABLE "demo_records" (
	"kind" text NOT NULL,
	"record_id" uuid NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "demo_records_kind_record_id_pk" PRIMARY KEY("kind","record_id")
);
--> statement-breakpoint
CREATE TABLE "demo_state" (
	"id" text PRIMARY KEY DEFAULT 'demo' NOT NULL,
	"seeded_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"removed_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE INDEX "contacts_sort_name_idx" ON "contacts" USING btree (lower(coalesce("name", "email", "phone")),"id");--> statement-breakpoint
CREATE INDEX "contacts_sort_name_desc_idx" ON "contacts" USING btree (lower(coalesce("name", "email", "phone")) desc nulls last,"id" DESC NULLS FIRST);--> statement-breakpoint
-- HAND-WRITTEN (keep when regenerating): mark the demo rows of databases seeded before demo_records
-- existed, by the seed's own exact identifiers (identities "demo:<email>" on its webchat channel,
-- the two demo agents' reserved emails), so "Remove demo data" works there too.
INSERT INTO "demo_records" ("kind", "record_id")
  SELECT DISTINCT 'contact', i."contact_id" FROM "contact_identities" i
  JOIN "channels" ch ON ch."id" = i."channel_id" AND ch."type" = 'webchat' AND ch."name" = 'Demo website'
  WHERE i."external_id" LIKE 'demo:%'
UNION
  SELECT DISTINCT 'conversation', c."id" FROM "conversations" c
  JOIN "contact_identities" i ON i."id" = c."identity_id" AND i."external_id" LIKE 'demo:%'
  JOIN "channels" ch ON ch."id" = i."channel_id" AND ch."type" = 'webchat' AND ch."name" = 'Demo website'
UNION
  SELECT DISTINCT 'channel', ch."id" FROM "channels" ch
  JOIN "contact_identities" i ON i."channel_id" = ch."id" AND i."external_id" LIKE 'demo:%'
  WHERE ch."type" = 'webchat' AND ch."name" = 'Demo website'
UNION
  SELECT 'user', u."id" FROM "users" u WHERE u."email" IN ('maya.demo@switchboard.local', 'leo.demo@switchboard.local')
ON CONFLICT DO NOTHING;
--> statement-breakpoint
INSERT INTO "demo_state" ("id") SELECT 'demo' WHERE EXISTS (SELECT 1 FROM "demo_records") ON CONFLICT DO NOTHING;
