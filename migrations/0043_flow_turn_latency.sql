ALTER TABLE "flow_turns" ADD COLUMN "asr_ms" integer;--> statement-breakpoint
ALTER TABLE "flow_turns" ADD COLUMN "llm_first_token_ms" integer;--> statement-breakpoint
ALTER TABLE "flow_turns" ADD COLUMN "tts_first_audio_ms" integer;--> statement-breakpoint
ALTER TABLE "flow_turns" ADD COLUMN "voice_to_voice_ms" integer;