import {
  cannedResponseList,
  cannedResponseSchema,
  createCannedBody,
  idParams,
  listCannedQuery,
  updateCannedBody,
} from "@switchboard/contracts";
import type { AppContext } from "../../platform/context";
import { defineRoute } from "../../platform/http/route";
import { requestActor } from "../audit";
import { getCannedResponse, listCannedResponses } from "./queries";
import { createCannedResponse, deleteCannedResponse, updateCannedResponse } from "./save-canned-response";

/** Every signed-in agent reads and saves their own; who may change a shared reply is checked per row (admins). */
export function cannedResponseRoutes(ctx: AppContext) {
  return [
    defineRoute({
      method: "get",
      path: "/api/canned-responses",
      guard: "agent",
      summary: "Canned responses offered to me: my personal ones and the shared ones",
      tags: ["canned-responses"],
      query: listCannedQuery,
      response: cannedResponseList,
      handler: async ({ user, query }) => ({ items: await listCannedResponses(ctx.db, user, query) }),
    }),
    defineRoute({
      method: "get",
      path: "/api/canned-responses/:id",
      guard: "agent",
      summary: "One canned response",
      tags: ["canned-responses"],
      params: idParams,
      response: cannedResponseSchema,
      handler: ({ user, params }) => getCannedResponse(ctx.db, user, params.id),
    }),
    defineRoute({
      method: "post",
      path: "/api/canned-responses",
      guard: "agent",
      summary: "Save a canned response (shared ones: admins only)",
      tags: ["canned-responses"],
      body: createCannedBody,
      response: cannedResponseSchema,
      status: 201,
      handler: ({ user, body, req }) => createCannedResponse(ctx.db, user, requestActor(req, user), body),
    }),
    defineRoute({
      method: "patch",
      path: "/api/canned-responses/:id",
      guard: "agent",
      summary: "Edit a canned response (personal: its owner; shared: admins)",
      tags: ["canned-responses"],
      params: idParams,
      body: updateCannedBody,
      response: cannedResponseSchema,
      handler: ({ user, params, body, req }) =>
        updateCannedResponse(ctx.db, user, requestActor(req, user), params.id, body),
    }),
    defineRoute({
      method: "delete",
      path: "/api/canned-responses/:id",
      guard: "agent",
      summary: "Delete a canned response (personal: its owner; shared: admins)",
      tags: ["canned-responses"],
      params: idParams,
      status: 204,
      handler: async ({ user, params, req }) => {
        await deleteCannedResponse(ctx.db, user, requestActor(req, user), params.id);
      },
    }),
  ];
}
