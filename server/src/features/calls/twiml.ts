import twilio from "twilio";

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
    relay: `${publicUrl.replace(/^http/, "ws")}/webhooks/twilio/relay`,
  };
}

/**
 * The answered call's TwiML: the recording notice, then the conversation over ConversationRelay
 * (features/flows serves the socket) with the call's ids as parameters. An inbound call starts its
 * own dual-channel recording here (an outbound one is recorded by the Calls API's Record=true).
 */
export function answeredCallTwiml(opts: {
  publicUrl: string;
  callId: string;
  flowId: string | null;
  contactId: string | null;
  recordHere: boolean;
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
  const relay = r.connect().conversationRelay({ url: urls.relay });
  relay.parameter({ name: "callId", value: opts.callId });
  relay.parameter({ name: "flowId", value: opts.flowId ?? "" });
  relay.parameter({ name: "contactId", value: opts.contactId ?? "" });
  return r.toString();
}

export function hangupTwiml(): string {
  const r = new twilio.twiml.VoiceResponse();
  r.hangup();
  return r.toString();
}
