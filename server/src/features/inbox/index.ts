// The inbox's public surface: other features and the composition root import only this. The inbox
// owns contacts, contact identities, conversations, messages, message parts and attachments; every
// write to those tables is one of the use-cases below (so a message's status has one owner).
export { openConversationsByAssignee } from "./agent-load";
export { waitingByTeam } from "./team-load";
export { type LiveConversationCounts, liveConversationCounts } from "./live-counts";
export { assignConversation } from "./assign-conversation";
export { attachmentRoutes, storeUpload } from "./attachments";
export { announceContact } from "./contact-events";
export { contactIdByPhone, contactSummaries, getContact } from "./contact-queries";
export { contactRoutes } from "./contact-routes";
export { editInbound, markReadByCustomer } from "./edit-inbound";
export { type InboundMessage, ingestInbound } from "./ingest-inbound";
export { appendInboundBatch, type InboundBatchItem } from "./append-inbound-batch";
export { importConversation } from "./import-conversation";
export { snoozeWakeJob } from "./jobs";
export { markRead } from "./mark-read";
export { countConversations, listConversations } from "./list-conversations";
export { getConversation, getMessage, listMessages } from "./queries";
export { onClientEvent, registerRealtime } from "./realtime";
export { audienceFor } from "./realtime-audience";
export { recordOutboundEcho } from "./record-outbound-echo";
export { typicalFirstReply } from "./reply-times";
export { resolveVisitor } from "./resolve-visitor";
export { labelRoutes } from "./labels/routes";
export { conversationRoutes } from "./routes";
export { type Reply, sendReply } from "./send-reply";
export { recordSurveyMessage, type SurveyMessage } from "./record-survey-message";
export { type AutomatedMessage, recordAutomatedMessage } from "./record-automated-message";
export { latestResolution } from "./resolution-events";
export { announceHandler, type HandlerChange, setConversationHandler } from "./set-handler";
export { applyParkedStatuses, dropExpiredParkedStatuses, updateDeliveryStatus } from "./update-delivery-status";
export { applyStatusesBatch, listSendsInFlight, type StatusItem } from "./apply-statuses-batch";
export { type ContactProfile, fillContactProfile, upsertContactIdentity } from "./upsert-contact";
export { ensureVisitorContact, purgeEmptyVisitorContacts } from "./visitor-contacts";
export { getVisitorContact, isVisitorConversation, listVisitorConversations } from "./visitor-queries";
export { attachInboundMedia } from "./attach-inbound-media";
export {
  clearMessageSending,
  countDeliveryAttempt,
  flagPossibleDuplicate,
  markDeliveryInDoubt,
  markMessageFailed,
  markMessageSending,
  markMessageSent,
  recordMessagePart,
  requeueFailedMessage,
  type SendingPart,
  setDeliveryError,
} from "./outbound-delivery";
export {
  findSendInFlight,
  findSentPart,
  getMessageForDelivery,
  listMessageFiles,
  listSendsInFlightTo,
  listSentPartIds,
  listStaleQueuedMessages,
  type MessageRow,
} from "./outbound-queries";
export {
  type Actor,
  announceSystemEvents,
  insertSystemEvent,
  recordSystemEvent,
  type SystemEvent,
  userActor,
} from "./system-events";
export { createContact } from "./create-contact";
export { deleteContact, deleteContactRows, unassignAgents } from "./delete-contact";
export { deleteConversation, deleteConversationRows, removeStoredFiles } from "./delete-conversation";
export { backfillContactPhones } from "./backfill-phones";
export { normalizePhone, phoneOrNull } from "./phone";
export {
  canSeeConversation,
  getVisibleConversation,
  requireVisibleConversation,
  requireVisibleMessage,
  scopeAllowsConversation,
  scopeWhere,
} from "./visibility";
export {
  announceQueued,
  assignQueued,
  claimUnhandled,
  countQueued,
  medianRoutingWaitSeconds,
  leaveQueue,
  listQueued,
  type QueuedConversation,
  queueForHuman,
  type RoutedPick,
  type RoutedResult,
} from "./routing-queue";
export { handBackConversation, takeConversation, transferToAgent, transferToQueue } from "./routing-actions";
export { getConversations, unresolvedConversationsOfContact } from "./queries";
export {
  type AiClaim,
  type AiThread,
  type AiTurnContext,
  aiStillAnswers,
  claimForAi,
  customerWroteAfter,
  insertAiNote,
  loadAiTurn,
  lockConversationForAi,
} from "./ai-thread";
export { type AiReply, type AiReplyRefusal, type AiReplyResult, recordAiReply } from "./record-ai-reply";
export { setContactFieldsFromAi, setContactFieldsFromCall } from "./set-contact-fields";
export { contactImportJob, contactImportRoutes, registerImportRealtime } from "./contact-import";
export { consentRoutes } from "./consent/consent-routes";
export { registerConsentListeners } from "./consent/listeners";
export { optOutContact, setConsent } from "./consent/set-consent";
export { campaignAudienceSql, campaignContacts, optedOutContacts } from "./campaign-audience";
export { guessTimeZone } from "./consent/time-zone";
export { type CampaignEngagement, countSegment, segmentContactIds } from "./segments/compile";
export { segmentRoutes } from "./segments/routes";
