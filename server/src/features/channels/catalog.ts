/*
 * What the inbox may ask of channels: facts and rules about a channel (can it send this, is the
 * reply window open, is the template approved, how a message looks in the widget). The inbox sits
 * below the channel pipeline (the pipeline calls inbox use-cases), so this surface, like everything
 * it imports, must never import the inbox; index.ts re-exports it with the rest of the feature.
 * Biome allows the inbox to import this file and nothing else of channels (biome.json overrides),
 * and noImportCycles fails the lint if it ever reached back into the inbox.
 */
export type { ReplyWindow } from "./adapter";
export { verifyAttachmentSignature } from "./attachment-links";
export { assertChannelCanSend } from "./capabilities";
export { getChannelForReply } from "./queries";
export { deliversByJob, replyWindowFor, toReplyWindowDto } from "./reply-window";
export { checkTemplate } from "./templates/list";
export { toWidgetMessage } from "./webchat/widget-message";
