import { templateDefinitionSchema } from "@switchboard/contracts";
import { and, eq, isNull, lt, or } from "drizzle-orm";
import type { AppContext } from "../../../platform/context";
import { AppError, fromZod } from "../../../platform/errors";
import { messageTemplates, type TemplateHeaderMedia } from "../schema";
import { announceTemplate } from "./events";
import { type TemplateRow, templateRow } from "./list";
import { type TemplateCfg, templateChannel, templateProviderError } from "./provider";
import { SUBMIT_LEASE_MS } from "./save-draft";
import { componentsFromDefinition } from "./wire";

/**
 * Submits a draft to the WhatsApp Business Account (`POST /{waba-id}/message_templates`).
 *
 * The draft is claimed first (submitted_at set while it is still a DRAFT, for SUBMIT_LEASE_MS), so
 * two clicks or two processes submit it once and edits wait; a failed submit releases it. Header
 * media is uploaded before (review handle + media id), each stored as soon as Meta gives it, so a
 * retry after a failure does not upload again.
 */
export async function submitTemplate(ctx: AppContext, id: string): Promise<TemplateRow> {
  const row = await templateRow(ctx.db, id);
  if (row.status !== "DRAFT")
    throw new AppError("conflict", `This template was already submitted (${row.status.toLowerCase()})`);
  const parsed = templateDefinitionSchema.safeParse(row.definition ?? {});
  if (!parsed.success) throw fromZod(parsed.error, "template");
  const d = parsed.data;
  const { channel, api } = await templateChannel(ctx, row.channelId);
  const media = d.header.format === "IMAGE" || d.header.format === "VIDEO" || d.header.format === "DOCUMENT";
  if (media && !row.headerMedia)
    throw new AppError("validation_failed", "Upload the header's example file before submitting", {
      fieldErrors: { header: ["A header file is required"] },
      formErrors: [],
    });

  const claimed = await ctx.db
    .update(messageTemplates)
    .set({ submittedAt: new Date() })
    .where(
      and(
        eq(messageTemplates.id, id),
        eq(messageTemplates.status, "DRAFT"),
        or(
          isNull(messageTemplates.submittedAt),
          lt(messageTemplates.submittedAt, new Date(Date.now() - SUBMIT_LEASE_MS)),
        ),
      ),
    )
    .returning({ id: messageTemplates.id });
  if (!claimed.length) throw new AppError("conflict", "This template is being submitted right now");

  try {
    const handle = media ? await uploadOnce(ctx, channel, api, row) : undefined;
    const components = componentsFromDefinition(d, handle);
    const payload = {
      name: d.name,
      language: d.language,
      category: d.category,
      ...(d.category === "AUTHENTICATION" ? {} : { parameter_format: d.parameterFormat }),
      components,
    };
    const created = await api.create(channel, payload);
    const [next] = await ctx.db
      .update(messageTemplates)
      .set({
        externalId: created.id,
        status: created.status.toUpperCase(),
        // Meta may file a template under another category than asked (utility -> marketing).
        category: created.category ?? d.category,
        components,
        submittedAt: new Date(),
        updatedAt: new Date(),
        syncedAt: new Date(),
      })
      .where(eq(messageTemplates.id, id))
      .returning();
    announceTemplate(ctx, next!);
    return next!;
  } catch (err) {
    await ctx.db.update(messageTemplates).set({ submittedAt: null }).where(eq(messageTemplates.id, id));
    throw templateProviderError(err, "submit the template");
  }
}

/** The review handle and the sending media id of the header file, each uploaded once and stored. */
async function uploadOnce(
  ctx: AppContext,
  channel: TemplateCfg,
  api: Awaited<ReturnType<typeof templateChannel>>["api"],
  row: TemplateRow,
): Promise<string> {
  let m = row.headerMedia as TemplateHeaderMedia;
  const file = async () => ({ bytes: await ctx.storage.get(m.key), contentType: m.contentType, fileName: m.fileName });
  const save = async (next: TemplateHeaderMedia) => {
    m = next;
    await ctx.db.update(messageTemplates).set({ headerMedia: next }).where(eq(messageTemplates.id, row.id));
  };
  if (!m.handle) await save({ ...m, handle: await api.uploadExample(channel, await file()) });
  if (!m.mediaId) await save({ ...m, mediaId: await api.uploadMedia(channel, await file()) });
  return m.handle!;
}
