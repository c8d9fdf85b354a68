import { eq } from "drizzle-orm";
import type { AppContext } from "../../../platform/context";
import { AppError } from "../../../platform/errors";
import { messageTemplates } from "../schema";
import { announceTemplate } from "./events";
import { templateRow } from "./list";
import { submitInFlight } from "./save-draft";

// Meta's media limits for template headers (Cloud API supported media).
const HEADER_TYPES: Record<string, { types: string[]; maxBytes: number }> = {
  IMAGE: { types: ["image/jpeg", "image/png"], maxBytes: 5 * 1024 * 1024 },
  VIDEO: { types: ["video/mp4", "video/3gpp"], maxBytes: 16 * 1024 * 1024 },
  DOCUMENT: { types: ["application/pdf"], maxBytes: 100 * 1024 * 1024 },
};

/**
 * Stores a draft's header file. It goes to Meta at submit, once as the review example (Resumable
 * Upload handle) and once as media for sending (media id); both are kept on the row, so neither
 * upload is repeated.
 */
export async function setHeaderMedia(
  ctx: AppContext,
  id: string,
  file: { buffer: Buffer; mimetype: string; originalname: string },
) {
  const row = await templateRow(ctx.db, id);
  if (row.status !== "DRAFT" || submitInFlight(row))
    throw new AppError("conflict", "Only a draft's header file can be changed");
  const format = String((row.definition as { header?: { format?: string } } | null)?.header?.format ?? "NONE");
  const rule = HEADER_TYPES[format];
  if (!rule) throw new AppError("bad_request", "This template's header is not an image, video or document");
  if (!rule.types.includes(file.mimetype))
    throw new AppError("unsupported_media_type", `A ${format.toLowerCase()} header takes ${rule.types.join(", ")}`);
  if (file.buffer.length > rule.maxBytes)
    throw new AppError(
      "payload_too_large",
      `A ${format.toLowerCase()} header is at most ${rule.maxBytes / 1024 / 1024} MB`,
    );
  const key = await ctx.storage.put(file.buffer, file.mimetype);
  const [next] = await ctx.db
    .update(messageTemplates)
    .set({
      headerMedia: {
        key,
        contentType: file.mimetype,
        fileName: file.originalname.slice(0, 200) || "header",
        size: file.buffer.length,
      },
      updatedAt: new Date(),
    })
    .where(eq(messageTemplates.id, id))
    .returning();
  if (row.headerMedia) await ctx.storage.remove(row.headerMedia.key).catch(() => undefined);
  announceTemplate(ctx, next!);
  return next!;
}
