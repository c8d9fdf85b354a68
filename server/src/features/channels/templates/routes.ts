import {
  createTemplateBody,
  idParams,
  templateDetailSchema,
  templateListQuery,
  templatePreviewBody,
  templatePreviewSchema,
  updateTemplateBody,
} from "@switchboard/contracts";
import { z } from "zod";
import type { AppContext } from "../../../platform/context";
import { AppError } from "../../../platform/errors";
import { defineRoute } from "../../../platform/http/route";
import { recordAudit, requestActor } from "../../audit";
import { deleteTemplate } from "./delete-template";
import { setHeaderMedia } from "./header-media";
import { listTemplateDetails, templateRow, toTemplateDetail } from "./list";
import { previewTemplate } from "./preview";
import { createTemplateDraft, updateTemplateDraft } from "./save-draft";
import { submitTemplate } from "./submit-template";
import { syncTemplates } from "./sync";

/** /api/templates: WhatsApp templates across channels. Admins author, submit and delete; agents list and preview. */
export function templateRoutes(ctx: AppContext) {
  const tags = ["templates"];
  const list = z.object({ items: z.array(templateDetailSchema) });
  const audit = (
    req: Parameters<typeof requestActor>[0],
    user: Parameters<typeof requestActor>[1],
    action: string,
    row: { id: string; name: string; language: string },
  ) =>
    recordAudit(ctx.db, requestActor(req, user), {
      action,
      summary: `${action.split(".")[1]} template ${row.name} (${row.language})`,
      target: { type: "template", id: row.id },
    });
  return [
    defineRoute({
      method: "get",
      path: "/api/templates",
      guard: "agent",
      summary: "WhatsApp message templates (drafts and Meta's), filtered by channel and status",
      tags,
      query: templateListQuery,
      response: list,
      handler: async ({ query }) => ({ items: await listTemplateDetails(ctx.db, query) }),
    }),
    defineRoute({
      method: "post",
      path: "/api/templates",
      guard: "admin",
      summary: "Create a template draft (validated against Meta's rules; not yet submitted)",
      tags,
      body: createTemplateBody,
      response: templateDetailSchema,
      status: 201,
      handler: async ({ body, req, user }) => {
        const row = await createTemplateDraft(ctx, body);
        await audit(req, user, "template.created", row);
        return toTemplateDetail(row);
      },
    }),
    defineRoute({
      method: "post",
      path: "/api/templates/sync",
      guard: "admin",
      summary: "Pull every template of a channel's WhatsApp Business Account now (all pages)",
      tags,
      body: z.object({ channelId: z.uuid() }),
      response: list,
      handler: async ({ body }) => {
        await syncTemplates(ctx, body.channelId);
        return { items: await listTemplateDetails(ctx.db, { channel: body.channelId }) };
      },
    }),
    defineRoute({
      method: "get",
      path: "/api/templates/:id",
      guard: "agent",
      summary: "One template",
      tags,
      params: idParams,
      response: templateDetailSchema,
      handler: async ({ params }) => toTemplateDetail(await templateRow(ctx.db, params.id)),
    }),
    defineRoute({
      method: "patch",
      path: "/api/templates/:id",
      guard: "admin",
      summary: "Replace a draft's definition (submitted templates cannot be edited here)",
      tags,
      params: idParams,
      body: updateTemplateBody,
      response: templateDetailSchema,
      handler: async ({ params, body }) => toTemplateDetail(await updateTemplateDraft(ctx, params.id, body)),
    }),
    defineRoute({
      method: "delete",
      path: "/api/templates/:id",
      guard: "admin",
      summary: "Delete a template here and, when submitted, on the WhatsApp Business Account",
      tags,
      params: idParams,
      status: 204,
      handler: async ({ params, req, user }) => {
        const row = await templateRow(ctx.db, params.id);
        await deleteTemplate(ctx, params.id);
        await audit(req, user, "template.deleted", row);
      },
    }),
    defineRoute({
      method: "post",
      path: "/api/templates/:id/header-media",
      guard: "admin",
      summary: "Attach a draft's header image, video or document (multipart field `file`)",
      tags,
      params: idParams,
      multipart: true,
      response: templateDetailSchema,
      handler: async ({ params, req }) => {
        if (!req.file) throw new AppError("bad_request", "Attach the file in the field `file`");
        return toTemplateDetail(await setHeaderMedia(ctx, params.id, req.file));
      },
    }),
    defineRoute({
      method: "post",
      path: "/api/templates/:id/submit",
      guard: "admin",
      summary: "Submit a draft to the WhatsApp Business Account for review (status becomes PENDING)",
      tags,
      params: idParams,
      response: templateDetailSchema,
      handler: async ({ params, req, user }) => {
        const row = await submitTemplate(ctx, params.id);
        await audit(req, user, "template.submitted", row);
        return toTemplateDetail(row);
      },
    }),
    defineRoute({
      method: "post",
      path: "/api/templates/:id/preview",
      guard: "agent",
      summary: "Render the template with a contact's data and a variable mapping (with fallbacks)",
      tags,
      params: idParams,
      body: templatePreviewBody,
      response: templatePreviewSchema,
      handler: async ({ params, body }) => previewTemplate(ctx, params.id, body.contactId, body.mapping),
    }),
  ];
}
