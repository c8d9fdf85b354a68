import crypto from "node:crypto";
import { ElevenLabsClient } from "@elevenlabs/elevenlabs-js";
import type { Flow } from "@switchboard/contracts";
import type { AppContext } from "../../platform/context";
import { AppError } from "../../platform/errors";

/**
 * MP3 at 22.05 kHz / 32 kbps: Twilio's <Play> takes MP3 and WAV (wire-protocols §5), a phone line
 * carries 8 kHz anyway, and it is ElevenLabs' smallest MP3 (a minute is ~240 KB to store and serve).
 * μ-law (ulaw_8000) is headerless raw bytes, which <Play> cannot identify.
 */
export const VOICEMAIL_FORMAT = "mp3_22050_32";
export const VOICEMAIL_CONTENT_TYPE = "audio/mpeg";
/** A whole message, not a first chunk: the machine keeps recording while we wait, so not long either. */
const SYNTH_TIMEOUT_MS = 8000;
/** Twilio fetches the URL as soon as it runs the update; ten minutes leaves room for its retries. */
export const VOICEMAIL_URL_TTL_SECONDS = 600;

const HASH = /^[0-9a-f]{64}$/;

/** The cache key: one audio per flow + text + voice (+ model and format, which change the bytes). */
export function voicemailAudioHash(ctx: AppContext, flow: Flow, text: string) {
  const m = ctx.config.mediaStreams;
  const voice = flow.voice || m.elevenLabsVoiceId;
  return crypto
    .createHash("sha256")
    .update(JSON.stringify([flow.id, voice, m.elevenLabsModel, VOICEMAIL_FORMAT, text]))
    .digest("hex");
}

const storageKey = (hash: string) => `voicemail/${hash}`;

/**
 * The flow's voicemail message in its ElevenLabs voice, synthesised once and kept in the
 * attachments' FileStore under a key derived from what makes the audio (a second call with the same
 * flow, text and voice reuses it). Returns the hash that names it; throws when ElevenLabs fails.
 */
export async function voicemailAudio(ctx: AppContext, flow: Flow, text: string): Promise<string> {
  const hash = voicemailAudioHash(ctx, flow, text);
  const key = storageKey(hash);
  const cached = await ctx.storage.get(key).catch((err) => {
    if (err instanceof AppError && err.code === "not_found") return null;
    throw err;
  });
  if (cached?.length) return hash;
  const m = ctx.config.mediaStreams;
  const eleven = new ElevenLabsClient({ apiKey: m.elevenLabsApiKey ?? "", baseUrl: m.elevenLabsApiUrl, maxRetries: 0 });
  const stream = await eleven.textToSpeech.convert(
    flow.voice || m.elevenLabsVoiceId,
    { text, modelId: m.elevenLabsModel, outputFormat: VOICEMAIL_FORMAT },
    { abortSignal: AbortSignal.timeout(SYNTH_TIMEOUT_MS), maxRetries: 0, timeoutInSeconds: SYNTH_TIMEOUT_MS / 1000 },
  );
  const bytes = Buffer.from(await new Response(stream).arrayBuffer());
  // An empty or non-MP3 answer would be played as silence or an error tone: better <Say>.
  const mp3 = bytes.length > 3 && (bytes.subarray(0, 3).toString("latin1") === "ID3" || bytes[0] === 0xff);
  if (!mp3) throw new Error(`ElevenLabs answered ${bytes.length} bytes that are not MP3 audio`);
  await ctx.storage.putAt(key, bytes, VOICEMAIL_CONTENT_TYPE);
  return hash;
}

const mac = (key: Buffer, hash: string, exp: number) =>
  crypto.createHmac("sha256", key).update(`voicemail.${hash}.${exp}`).digest("base64url");

/**
 * The public URL Twilio's <Play> fetches. Twilio sends no signature on media fetches, so the URL's
 * own expiring HMAC (key derived from the secret key ring) is the only check.
 */
export function signedVoicemailUrl(ctx: AppContext, hash: string, nowMs: number): string {
  const exp = Math.floor(nowMs / 1000) + VOICEMAIL_URL_TTL_SECONDS;
  const sig = mac(ctx.secrets.derive("voicemail-audio"), hash, exp);
  return `${ctx.publicUrl()}/webhooks/twilio/voicemail-audio/${hash}.mp3?exp=${exp}&sig=${sig}`;
}

export function verifyVoicemailUrl(ctx: AppContext, hash: string, exp: unknown, sig: unknown, nowMs: number) {
  const e = Number(exp);
  if (!HASH.test(hash) || !Number.isInteger(e) || e < nowMs / 1000 || typeof sig !== "string") return false;
  const given = Buffer.from(sig);
  return ctx.secrets.deriveAll("voicemail-audio").some((key) => {
    const expected = Buffer.from(mac(key, hash, e));
    return expected.length === given.length && crypto.timingSafeEqual(expected, given);
  });
}

/** The stored audio for a verified URL (not_found when it was never made). */
export async function readVoicemailAudio(ctx: AppContext, hash: string): Promise<Buffer> {
  return ctx.storage.get(storageKey(hash));
}
