import type { z } from "zod";
import type { AppContext } from "../../platform/context";
import { attachInboundMedia, getConversation, getMessage } from "../inbox";
import { loadChannel, recordChannelHealth } from "./configs";
import type { mediaRefSchema } from "./job-definitions";
import { ProviderError } from "./provider-http";
import { getAdapter } from "./registry";

const EXT: Record<string, string> = {
  "image/jpeg": "jpg",
  "image/png": "png",
  "image/webp": "webp",
  "audio/ogg": "ogg",
  "audio/mpeg": "mp3",
  "video/mp4": "mp4",
  "application/pdf": "pdf",
};

/** Downloads one inbound file through the channel's adapter and attaches it to the stored message. */
export async function fetchMedia(
  ctx: AppContext,
  p: { messageId: string; channelId: string; ref: z.infer<typeof mediaRefSchema> },
) {
  const channel = await loadChannel(ctx, p.channelId);
  const provider = channel && getAdapter(channel.type).provider;
  if (!channel || !provider?.fetchMedia) return;
  let file: Awaited<ReturnType<NonNullable<typeof provider.fetchMedia>>>;
  try {
    file = await provider.fetchMedia(channel, p.ref);
  } catch (err) {
    if (err instanceof ProviderError) {
      const cls = provider.classifyError(err);
      await recordChannelHealth(ctx, channel.id, {
        error: `Media download: ${cls.message}`,
        ...(cls.reauth ? { reauth: true } : {}),
      });
    }
    throw err; // the queue retries with backoff
  }
  const contentType = file.contentType.split(";")[0]!.trim().toLowerCase();
  const fileName = file.fileName ?? `${p.ref.kind}.${EXT[contentType] ?? "bin"}`;
  const storageKey = await ctx.storage.put(file.bytes, contentType);
  await attachInboundMedia(ctx.db, {
    messageId: p.messageId,
    channelId: channel.id,
    fileName,
    contentType,
    size: file.bytes.length,
    storageKey,
  });
  const message = await getMessage(ctx.db, p.messageId);
  const conversation = message && (await getConversation(ctx.db, message.conversationId));
  if (message && conversation) ctx.bus.emit("message.updated", { message, conversation });
}
