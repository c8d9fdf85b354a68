// The calls feature's public surface: phone calls through Twilio (calls, call_events, call_settings
// are its own tables). features/flows runs the conversation on the socket our TwiML connects to.
export { fetchRecordingJob } from "./fetch-recording";
export { followUpJob } from "./follow-up";
export { placeCallJob } from "./place-call";
export { transcribeRecordingJob } from "./transcribe-recording";
export { transferJob } from "./transfer";
export { voicemailJob } from "./voicemail";
export { readCall } from "./queries";
export { sweepLostCalls } from "./sweep-lost-calls";
export { registerCallRealtime } from "./realtime";
export { callRoutes } from "./routes";
export { callWebhookRouter } from "./webhook-routes";
export { loadTwilioCredentials, type TwilioCredentials } from "./credentials";
export { callCampaignRoutes } from "./campaign-routes";
export { dispatchCallCampaignJob, registerCallCampaignListeners } from "./campaign-dispatch";
export { registerCallCampaignRealtime } from "./realtime";
export { recordFlowOutcome, registerCallOutcomeListener } from "./record-outcome";
export { MEDIA_PATH, mediaStreams } from "./media-streams";
