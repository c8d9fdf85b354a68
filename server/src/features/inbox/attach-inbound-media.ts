import { eq, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { attachments, messages } from "./schema";

/**
 * A provider's file, fetched after its message was stored, joins the message: the attachment row and
 * one fewer `metadata.pendingMedia` (never below 0), in one transaction.
 */
export async function attachInboundMedia(
  db: Db,
  p: { messageId: string; channelId: string; fileName: string; contentType: string; size: number; storageKey: string },
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.insert(attachments).values({
      messageId: p.messageId,
      uploaderType: "provider",
      uploaderId: p.channelId,
      fileName: p.fileName,
      contentType: p.contentType,
      size: p.size,
      storageKey: p.storageKey,
    });
    await tx
      .update(messages)
      .set({
        metadata: sql`${messages.metadata} || jsonb_build_object('pendingMedia', greatest(coalesce((${messages.metadata}->>'pendingMedia')::int, 1) - 1, 0))`,
        updatedAt: new Date(),
      })
      .where(eq(messages.id, p.messageId));
  });
}
