import { attachmentSchema, idParams } from "@switchboard/contracts";
import { eq } from "drizzle-orm";
import type { Request } from "express";
import type { AppContext } from "../../platform/context";
import { AppError, notFound } from "../../platform/errors";
import { defineRoute } from "../../platform/http/route";
import { sendBytes } from "../../platform/http/send-bytes";
import { scopeAllows, type VisibilityTarget, visibilityScope } from "../agents";
import { verifyAttachmentSignature } from "../channels/catalog";
import { attachmentPath } from "./queries";
import { attachments, conversations, messages } from "./schema";

/** What people actually send in support chats. No SVG or HTML: they could run script from our origin. */
const ALLOWED = new Set([
  "image/png",
  "image/jpeg",
  "image/gif",
  "image/webp",
  "image/heic",
  "application/pdf",
  "text/plain",
  "text/csv",
  "application/msword",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  "application/vnd.ms-excel",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  "application/zip",
  "audio/mpeg",
  "audio/ogg",
  "audio/wav",
  "audio/webm",
  "audio/mp4",
  "audio/aac",
  "video/mp4",
  "video/webm",
  "video/quicktime",
]);

/** Stores an uploaded file (not yet linked to a message; the send use-case links it). */
export async function storeUpload(ctx: AppContext, req: Request, uploader: { type: "agent" | "visitor"; id: string }) {
  const file = req.file;
  if (!file)
    throw new AppError("validation_failed", 'Attach a file in the form field "file"', {
      fieldErrors: { file: ["Required"] },
      formErrors: [],
    });
  const contentType = file.mimetype.toLowerCase();
  if (!ALLOWED.has(contentType))
    throw new AppError("unsupported_media_type", `Files of type ${contentType} are not accepted`);
  if (file.size === 0)
    throw new AppError("validation_failed", "The file is empty", {
      fieldErrors: { file: ["Empty file"] },
      formErrors: [],
    });
  const storageKey = await ctx.storage.put(file.buffer, contentType);
  const fileName = (Buffer.from(file.originalname, "latin1").toString("utf8") || "file")
    .replace(/[\\/\r\n"]/g, "_")
    .slice(0, 200);
  const [row] = await ctx.db
    .insert(attachments)
    .values({
      uploaderType: uploader.type,
      uploaderId: uploader.id,
      fileName,
      contentType,
      size: file.size,
      storageKey,
    })
    .returning();
  return { id: row!.id, fileName, contentType, size: file.size, url: attachmentPath(row!.id) };
}

export function attachmentRoutes(ctx: AppContext) {
  return [
    defineRoute({
      method: "post",
      path: "/api/attachments",
      guard: "agent",
      summary: "Upload a file to attach to a reply (multipart field `file`)",
      tags: ["attachments"],
      multipart: true,
      response: attachmentSchema,
      status: 201,
      handler: ({ req, user }) => storeUpload(ctx, req, { type: "agent", id: user.id }),
    }),
    defineRoute({
      method: "get",
      path: "/api/attachments/:id",
      guard: "agent_or_visitor",
      summary: "Download an attachment (agents, or the visitor whose conversation it belongs to)",
      tags: ["attachments"],
      params: idParams,
      handler: async ({ params, user, visitor, req, res }) => {
        const [row] = await ctx.db
          .select({
            a: attachments,
            contactId: conversations.contactId,
            private: messages.private,
            assigneeId: conversations.assigneeId,
            teamId: conversations.teamId,
            channelId: conversations.channelId,
          })
          .from(attachments)
          .leftJoin(messages, eq(messages.id, attachments.messageId))
          .leftJoin(conversations, eq(conversations.id, messages.conversationId))
          .where(eq(attachments.id, params.id))
          .limit(1);
        if (!row) throw notFound("Attachment");
        if (user) {
          // An agent sees the files of conversations they may see (a pending upload has none yet).
          if (row.channelId && !scopeAllows(await visibilityScope(ctx.db, user), row as VisibilityTarget))
            throw notFound("Attachment");
        } else if (!visitor) {
          if (!verifyAttachmentSignature(ctx, params.id, req.query.exp, req.query.sig))
            throw new AppError("unauthenticated", "This link is invalid or has expired");
        } else {
          // A visitor sees files of its own conversation (or its own pending upload), never of private notes.
          const own = row.contactId
            ? row.contactId === visitor!.contactId && !row.private
            : row.a.uploaderId === visitor!.contactId;
          if (!own) throw notFound("Attachment");
        }
        const inline =
          (row.a.contentType.startsWith("image/") && row.a.contentType !== "image/svg+xml") ||
          row.a.contentType === "application/pdf";
        res.setHeader("Content-Type", row.a.contentType);
        res.setHeader("X-Content-Type-Options", "nosniff");
        res.setHeader("Content-Security-Policy", "default-src 'none'; sandbox");
        res.setHeader("Cache-Control", "private, max-age=3600");
        res.setHeader(
          "Content-Disposition",
          `${inline ? "inline" : "attachment"}; filename*=UTF-8''${encodeURIComponent(row.a.fileName)}`,
        );
        sendBytes(req, res, await ctx.storage.get(row.a.storageKey));
        return res;
      },
    }),
  ];
}
