import type { DeliveryStatus } from "@switchboard/contracts";
import { and, eq, inArray } from "drizzle-orm";
import type { AppContext } from "../../platform/context";
import { getConversation, getMessage } from "./queries";
import { messages } from "./schema";

/** Statuses that `next` may replace: delivery only moves forward, and read may come without delivered. */
const REPLACEABLE: Record<DeliveryStatus, DeliveryStatus[]> = {
  queued: [],
  sent: ["queued"],
  delivered: ["queued", "sent"],
  read: ["queued", "sent", "delivered"],
  failed: ["queued", "sent"],
};

/**
 * A provider status for one of our messages. Returns "missing" when we do not know the message id
 * yet (a status can overtake the send's own answer): the caller retries later.
 */
export async function updateDeliveryStatus(
  ctx: AppContext,
  p: { channelId: string; externalId: string; status: DeliveryStatus; error?: { code: string; message: string } },
): Promise<"updated" | "unchanged" | "missing"> {
  const updated = await ctx.db
    .update(messages)
    .set({
      status: p.status,
      ...(p.status === "failed"
        ? {
            errorCode: p.error?.code ?? "failed",
            errorMessage: p.error?.message ?? "The provider could not deliver this message",
          }
        : {}),
      updatedAt: new Date(),
    })
    .where(
      and(
        eq(messages.channelId, p.channelId),
        eq(messages.externalId, p.externalId),
        inArray(messages.status, REPLACEABLE[p.status]),
      ),
    )
    .returning({ id: messages.id, conversationId: messages.conversationId });
  if (!updated.length) {
    const [exists] = await ctx.db
      .select({ id: messages.id })
      .from(messages)
      .where(and(eq(messages.channelId, p.channelId), eq(messages.externalId, p.externalId)))
      .limit(1);
    return exists ? "unchanged" : "missing";
  }
  const message = await getMessage(ctx.db, updated[0]!.id);
  const conversation = await getConversation(ctx.db, updated[0]!.conversationId);
  if (message && conversation) ctx.bus.emit("message.updated", { message, conversation });
  return "updated";
}
