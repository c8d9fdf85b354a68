ALTER TABLE "webhook_events" DROP CONSTRAINT "webhook_events_channel_id_channels_id_fk";
