import type { Flow } from "@switchboard/contracts";
import twilio from "twilio";
import { conversationRelayAttributes } from "../flows";

/** Spoken before anything else on every call, recorded or not: the callee hears it first. */
export const RECORDING_NOTICE = "This call is recorded for quality and training purposes.";

/** Our callback URLs, built from PUBLIC_URL: the URL Twilio requests is the one it signs. */
export function callbackUrls(publicUrl: string, callId?: string) {
  const q = callId ? `?callId=${callId}` : "";
  return {
    voice: `${publicUrl}/webhooks/twilio/voice${q}`,
    status: `${publicUrl}/webhooks/twilio/status${q}`,
    amd: `${publicUrl}/webhooks/twilio/amd${q}`,
    recording: `${publicUrl}/webhooks/twilio/recording${q}`,
    whisper: `${publicUrl}/webhooks/twilio/whisper${q}`,
    dial: `${publicUrl}/webhooks/twilio/dial${q}`,
    relay: `${publicUrl.replace(/^http/, "ws")}/webhooks/twilio/relay`,
    media: `${publicUrl.replace(/^http/, "ws")}/webhooks/twilio/media`,
  };
}

/**
 * The answered call's TwiML: the recording notice, then the conversation over ConversationRelay
 * (features/flows serves the socket) with the call's ids as parameters, and the call's flow's voice,
 * language and interruptibility (flows' `conversationRelayAttributes`; no flow: Twilio's defaults).
 * An inbound call starts its own dual-channel recording here (an outbound one is recorded by the
 * Calls API's Record=true).
 */
export function answeredCallTwiml(opts: {
  publicUrl: string;
  callId: string;
  flowId: string | null;
  contactId: string | null;
  recordHere: boolean;
  flow?: Flow | null;
}): string {
  const urls = callbackUrls(opts.publicUrl, opts.callId);
  const r = new twilio.twiml.VoiceResponse();
  if (opts.recordHere)
    r.start().recording({
      channels: "dual",
      recordingStatusCallback: urls.recording,
      recordingStatusCallbackEvent: ["in-progress", "completed", "absent"],
    });
  r.say(RECORDING_NOTICE);
  const params = { callId: opts.callId, flowId: opts.flowId ?? "", contactId: opts.contactId ?? "" };
  if (opts.flow?.engine === "media_streams") {
    // Bidirectional Media Streams: our engine (./media-streams) does VAD, transcription and TTS.
    const stream = r.connect().stream({ url: urls.media });
    for (const [name, value] of Object.entries(params)) stream.parameter({ name, value });
    return r.toString();
  }
  // customParameters are <Parameter> children in TwiML, not an attribute.
  const { customParameters, ...attributes } = opts.flow
    ? conversationRelayAttributes(opts.flow, urls.relay, params)
    : { url: urls.relay, customParameters: params };
  const relay = r.connect().conversationRelay(attributes);
  for (const [name, value] of Object.entries(customParameters)) relay.parameter({ name, value });
  return r.toString();
}

export function hangupTwiml(): string {
  const r = new twilio.twiml.VoiceResponse();
  r.hangup();
  return r.toString();
}

/** <Say>'s language for a flow's (Twilio's built-in voices; the ElevenLabs voicemail is <Play>ed instead). */
export const sayLanguage = (language: string) => (language === "hi" ? "hi-IN" : language === "en" ? "en-US" : "en-IN");

/** The voicemail, after the beep: the flow's message, then hang up. */
export function voicemailTwiml(message: string, language: string): string {
  const r = new twilio.twiml.VoiceResponse();
  r.say({ language: sayLanguage(language) as never }, message);
  r.hangup();
  return r.toString();
}

/** The voicemail in the flow's ElevenLabs voice: our hosted audio (a signed, expiring URL), then hang up. */
export function voicemailPlayTwiml(url: string): string {
  const r = new twilio.twiml.VoiceResponse();
  r.play(url);
  r.hangup();
  return r.toString();
}

/** What the caller hears when the transfer's Dial did not connect (no-answer, busy, failed). */
export const TRANSFER_FALLBACK =
  "Sorry, my colleague could not take the call right now. We will call you back soon. Goodbye.";
export const TRANSFER_HOLD = "Please hold while I connect you to a colleague.";

/**
 * The transfer: a hold line, then <Dial> to the flow's number; the <Number url> is our whisper
 * (played to the human who answers, before the two are connected) and the Dial's action reports how
 * it ended (DialCallStatus). The recording keeps running (the call's Record=true).
 */
export function transferTwiml(o: {
  publicUrl: string;
  callId: string;
  to: string;
  callerId: string | null;
  language: string;
}) {
  const urls = callbackUrls(o.publicUrl, o.callId);
  const r = new twilio.twiml.VoiceResponse();
  r.say({ language: sayLanguage(o.language) as never }, TRANSFER_HOLD);
  const dial = r.dial({
    action: urls.dial,
    method: "POST",
    timeout: 20,
    ...(o.callerId ? { callerId: o.callerId } : {}),
  });
  dial.number({ url: urls.whisper, method: "POST" }, o.to);
  return r.toString();
}

/** Played to the human before the call connects: the summary of the call so far. */
export function whisperTwiml(summary: string): string {
  const r = new twilio.twiml.VoiceResponse();
  r.say(summary);
  return r.toString();
}

export function fallbackTwiml(language: string): string {
  const r = new twilio.twiml.VoiceResponse();
  r.say({ language: sayLanguage(language) as never }, TRANSFER_FALLBACK);
  r.hangup();
  return r.toString();
}
