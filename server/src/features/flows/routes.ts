import {
  type FlowBody,
  flowBody,
  flowList,
  flowSchema,
  flowTestBody,
  flowTestResult,
  idParams,
} from "@switchboard/contracts";
import type { AppContext } from "../../platform/context";
import { AppError } from "../../platform/errors";
import { defineRoute } from "../../platform/http/route";
import { sendableTemplate } from "../channels";
import { createFlow, deleteFlow, getFlow, listFlows, updateFlow } from "./flows-store";
import { runFlowTest } from "./test-session";

/** Agents read flows; admins write them and use the test panel (it may spend the AI provider's quota). */
/** A follow-up names a WhatsApp template that exists (a 400, not a call that fails later). */
async function checkFollowUp(ctx: AppContext, body: FlowBody) {
  if (!body.followUp) return;
  try {
    await sendableTemplate(ctx, body.followUp.templateId);
  } catch (err) {
    if (err instanceof AppError && err.code === "not_found")
      throw new AppError("validation_failed", "The follow-up's WhatsApp template does not exist", {
        field: "followUp.templateId",
      });
    throw err;
  }
}

export function flowRoutes(ctx: AppContext) {
  return [
    defineRoute({
      method: "get",
      path: "/api/flows",
      guard: "agent",
      summary: "Conversation flows for the phone agent",
      tags: ["flows"],
      response: flowList,
      handler: async () => ({ items: await listFlows(ctx.db) }),
    }),
    defineRoute({
      method: "post",
      path: "/api/flows",
      guard: "admin",
      summary: "Create a flow",
      tags: ["flows"],
      body: flowBody,
      response: flowSchema,
      status: 201,
      handler: async ({ body }) => {
        await checkFollowUp(ctx, body);
        return createFlow(ctx.db, body);
      },
    }),
    defineRoute({
      method: "get",
      path: "/api/flows/:id",
      guard: "agent",
      summary: "One flow with its steps",
      tags: ["flows"],
      params: idParams,
      response: flowSchema,
      handler: ({ params }) => getFlow(ctx.db, params.id),
    }),
    defineRoute({
      method: "put",
      path: "/api/flows/:id",
      guard: "admin",
      summary: "Replace a flow (its version counts up)",
      tags: ["flows"],
      params: idParams,
      body: flowBody,
      response: flowSchema,
      handler: async ({ params, body }) => {
        await checkFollowUp(ctx, body);
        return updateFlow(ctx.db, params.id, body);
      },
    }),
    defineRoute({
      method: "delete",
      path: "/api/flows/:id",
      guard: "admin",
      summary: "Delete a flow",
      tags: ["flows"],
      params: idParams,
      status: 204,
      handler: async ({ params }) => {
        await deleteFlow(ctx.db, params.id);
      },
    }),
    defineRoute({
      method: "post",
      path: "/api/flows/:id/test",
      guard: "admin",
      summary: "Play the flow by typing as the callee (same runner as a call; no session id starts one)",
      tags: ["flows"],
      params: idParams,
      body: flowTestBody,
      response: flowTestResult,
      handler: ({ params, body }) => runFlowTest(ctx, params.id, body),
    }),
  ];
}
