import type { Flow } from "@switchboard/contracts";

/** Twilio's language code for a flow's language (Hindi as hi-IN; Indian English en-IN). */
const LANGUAGE: Record<Flow["language"], string> = { en: "en-US", "en-IN": "en-IN", hi: "hi-IN" };

/**
 * The `<ConversationRelay>` attributes a flow asks for, for the calls feature's TwiML: ElevenLabs
 * as the voice, the flow's language, and its interruption sensitivity as `interruptible` (low: only
 * the keypad interrupts; medium: speech; high: speech or keypad). No `welcomeGreeting`: the flow
 * speaks first from the socket, so the greeting is in the transcript like every other turn.
 */
export function conversationRelayAttributes(flow: Flow, url: string, customParameters: Record<string, string>) {
  return {
    url,
    language: LANGUAGE[flow.language],
    ttsProvider: "ElevenLabs",
    ...(flow.voice ? { voice: flow.voice } : {}),
    interruptible:
      flow.interruptionSensitivity === "low" ? "dtmf" : flow.interruptionSensitivity === "high" ? "any" : "speech",
    dtmfDetection: true,
    customParameters,
  };
}
