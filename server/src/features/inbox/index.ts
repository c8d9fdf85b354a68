// The inbox's public surface: other features and the composition root import only this. The inbox
// owns contacts, contact identities, conversations, messages, message parts and attachments; every
// write to those tables is one of the use-cases below (so a message's status has one owner).
export { openConversationsByAssignee } from "./agent-load";
export { assignConversation } from "./assign-conversation";
export { attachmentRoutes, storeUpload } from "./attachments";
export { getContact } from "./contact-queries";
export { contactRoutes } from "./contact-routes";
export { editInbound, markReadByCustomer } from "./edit-inbound";
export { type InboundMessage, ingestInbound } from "./ingest-inbound";
export { appendInboundBatch, type InboundBatchItem } from "./append-inbound-batch";
export { importConversation } from "./import-conversation";
export { snoozeWakeJob } from "./jobs";
export { markRead } from "./mark-read";
export { getConversation, getMessage, listConversations, listMessages } from "./queries";
export { onClientEvent, registerRealtime } from "./realtime";
export { recordOutboundEcho } from "./record-outbound-echo";
export { resolveVisitor } from "./resolve-visitor";
export { conversationRoutes } from "./routes";
export { type Reply, sendReply } from "./send-reply";
export { applyParkedStatuses, dropExpiredParkedStatuses, updateDeliveryStatus } from "./update-delivery-status";
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
export { recordSystemEvent, type SystemEvent } from "./system-events";
