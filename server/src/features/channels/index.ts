// The channels feature's public surface: other features and the composition root import only this
// (the inbox, which the pipeline below calls, imports ./catalog instead: see there). Channels own
// the channels, webhook_events and message_templates tables.
export * from "./catalog";
export { type AutomatedSendPlan, channelTypeLabel, planAutomatedSend } from "./automated-send";
export { connectChannel } from "./connect-channel";
export { countChannels } from "./queries";
export { channelsRemoved, removeChannels } from "./remove-channels";
export { deliverMessageJob, fetchMediaJob } from "./delivery-jobs";
export { queueDelivery, queueMediaFetch } from "./job-definitions";
export { instagramProfileJob, registerInstagramProfileLookup } from "./instagram/profile-job";
export { drainEventsJob, drainWakeupJob } from "./jobs";
export { registerChannelListeners } from "./listeners";
export { resealAllSecrets } from "./reseal-secrets";
export { channelRoutes } from "./routes";
export { templateRoutes } from "./templates/routes";
export { createSandbox } from "./sandbox/routes";
export { replayEvent, resumePendingDrains, sweepStuckWork } from "./sweep";
export { widgetRoutes } from "./webchat/routes";
export { authenticateSocket } from "./webchat/socket-auth";
export { webhookRouter } from "./webhook-routes";
export {
  channelRate,
  type SendableTemplate,
  sendableTemplate,
  sendTemplateMessage,
  type TemplateSendResult,
} from "./templates/send-template";
export { type ProviderStatus, registerStatusClaimer } from "./status-claimers";
export { type PortfolioLimit, portfolioLimit } from "./whatsapp/portfolio-limit";
export {
  type InboundMessageEvent,
  registerSurveyAnswers,
  surveyChannel,
  type SurveyAnswers,
  type SurveyTapEvent,
} from "./survey-answers";
export { parseSurveyButtonId, SURVEY_OPTIONS } from "./survey-buttons";
export { channelFor as widgetChannelFor } from "./webchat/routes";
