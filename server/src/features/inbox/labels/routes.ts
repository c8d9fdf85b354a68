import {
  applyLabelBody,
  conversationSchema,
  createLabelBody,
  idParams,
  labelList,
  labelParams,
  labelRefSchema,
  labelSchema,
  updateLabelBody,
} from "@switchboard/contracts";
import { z } from "zod";
import type { AppContext } from "../../../platform/context";
import { defineRoute } from "../../../platform/http/route";
import { requestActor } from "../../audit";
import { requireLabel, setContactLabel, setConversationLabel } from "./apply-label";
import { createLabel, deleteLabel, updateLabel } from "./manage-labels";
import { listLabels } from "./queries";
import { requireVisibleConversation } from "../visibility";

/** Labels: admins manage them (audited), agents apply them to conversations and contacts. */
export function labelRoutes(ctx: AppContext) {
  const tags = ["labels"];
  const contactLabels = z.object({ labels: z.array(labelRefSchema) });
  return [
    defineRoute({
      method: "get",
      path: "/api/labels",
      guard: "agent",
      summary: "Every label, with how many conversations and contacts carry it",
      tags,
      response: labelList,
      handler: async () => ({ items: await listLabels(ctx.db) }),
    }),
    defineRoute({
      method: "post",
      path: "/api/labels",
      guard: "admin",
      summary: "Create a label (names are unique whatever their case)",
      tags,
      body: createLabelBody,
      response: labelSchema,
      status: 201,
      handler: ({ req, user, body }) => createLabel(ctx, requestActor(req, user), body),
    }),
    defineRoute({
      method: "patch",
      path: "/api/labels/:id",
      guard: "admin",
      summary: "Rename, recolour or describe a label",
      tags,
      params: idParams,
      body: updateLabelBody,
      response: labelSchema,
      handler: ({ req, user, params, body }) => updateLabel(ctx, requestActor(req, user), params.id, body),
    }),
    defineRoute({
      method: "delete",
      path: "/api/labels/:id",
      guard: "admin",
      summary: "Delete a label (it is taken off every conversation and contact)",
      tags,
      params: idParams,
      status: 204,
      handler: async ({ req, user, params }) => {
        await deleteLabel(ctx, requestActor(req, user), params.id);
        return undefined;
      },
    }),
    defineRoute({
      method: "post",
      path: "/api/conversations/:id/labels",
      guard: "agent",
      summary: "Add a label to a conversation (records a thread event)",
      tags,
      params: idParams,
      body: applyLabelBody,
      response: conversationSchema,
      handler: async ({ params, body, user }) => {
        await requireVisibleConversation(ctx.db, user, params.id);
        return setConversationLabel(ctx, params.id, await requireLabel(ctx, body.labelId), true, user);
      },
    }),
    defineRoute({
      method: "delete",
      path: "/api/conversations/:id/labels/:labelId",
      guard: "agent",
      summary: "Remove a label from a conversation (records a thread event)",
      tags,
      params: labelParams,
      response: conversationSchema,
      handler: async ({ params, user }) => {
        await requireVisibleConversation(ctx.db, user, params.id);
        return setConversationLabel(ctx, params.id, await requireLabel(ctx, params.labelId), false, user);
      },
    }),
    defineRoute({
      method: "post",
      path: "/api/contacts/:id/labels",
      guard: "agent",
      summary: "Add a label to a contact",
      tags,
      params: idParams,
      body: applyLabelBody,
      response: contactLabels,
      handler: async ({ params, body }) => setContactLabel(ctx, params.id, await requireLabel(ctx, body.labelId), true),
    }),
    defineRoute({
      method: "delete",
      path: "/api/contacts/:id/labels/:labelId",
      guard: "agent",
      summary: "Remove a label from a contact",
      tags,
      params: labelParams,
      response: contactLabels,
      handler: async ({ params }) => setContactLabel(ctx, params.id, await requireLabel(ctx, params.labelId), false),
    }),
  ];
}
