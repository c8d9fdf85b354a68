CREATE TABLE "drain_leases" (
	"channel_id" uuid PRIMARY KEY NOT NULL,
	"holder" uuid NOT NULL,
	"expires_at" timestamp (3) with time zone NOT NULL,
	"again" boolean DEFAULT false NOT NULL
);
