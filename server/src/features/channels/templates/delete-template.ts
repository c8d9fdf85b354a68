import { eq } from "drizzle-orm";
import type { AppContext } from "../../../platform/context";
import { ProviderError } from "../provider-http";
import { messageTemplates } from "../schema";
import { templateRow } from "./list";
import { templateChannel, templateProviderError } from "./provider";

/**
 * Deletes a template here and, once submitted, on the Business Account
 * (`DELETE /{waba-id}/message_templates?name=&hsm_id=`). Meta first: if it refuses, ours stays.
 * A template Meta no longer has (deleted in WhatsApp Manager) is simply removed here.
 */
export async function deleteTemplate(ctx: AppContext, id: string): Promise<void> {
  const row = await templateRow(ctx.db, id);
  if (row.externalId && row.status !== "DELETED") {
    const { channel, api } = await templateChannel(ctx, row.channelId);
    try {
      await api.remove(channel, { name: row.name, externalId: row.externalId });
    } catch (err) {
      const subcode = (err as ProviderError).info?.body as { error?: { error_subcode?: number } } | undefined;
      const missing =
        err instanceof ProviderError && (err.info.status === 404 || subcode?.error?.error_subcode === 2593002);
      if (!missing) throw templateProviderError(err, "delete the template");
    }
  }
  await ctx.db.delete(messageTemplates).where(eq(messageTemplates.id, id));
  if (row.headerMedia) await ctx.storage.remove(row.headerMedia.key).catch(() => undefined);
  ctx.bus.emit("template.removed", { templateId: id });
}
