import type { Message } from "@switchboard/contracts";
import type { AppContext } from "../../platform/context";
import { AppError, notFound } from "../../platform/errors";
import { getConversation, getMessage, requeueFailedMessage } from "../inbox";
import { queueDelivery } from "./job-definitions";
import { deliversByJob } from "./reply-window";

/** The agent asks to send a failed message again: back to queued, attempts reset. */
export async function retryDelivery(ctx: AppContext, messageId: string): Promise<Message> {
  const existing = await getMessage(ctx.db, messageId);
  if (!existing) throw notFound("Message");
  const conversation = await getConversation(ctx.db, existing.conversationId);
  if (
    existing.status !== "failed" ||
    existing.private ||
    existing.direction !== "outbound" ||
    !conversation ||
    !deliversByJob(conversation.channelType)
  ) {
    throw new AppError("conflict", "Only a failed outgoing message can be retried");
  }
  // Parts already sent stay recorded: the retry resumes from the first unsent one. An agent's retry
  // is a decision to send again, so a send left in doubt is not waited for.
  await requeueFailedMessage(ctx.db, messageId);
  await queueDelivery(ctx, messageId);
  const message = (await getMessage(ctx.db, messageId))!;
  ctx.bus.emit("message.updated", { message, conversation });
  return message;
}
