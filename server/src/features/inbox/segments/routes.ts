import {
  createSegmentBody,
  idParams,
  segmentContactsPage,
  segmentContactsQuery,
  segmentCountBody,
  segmentCountResult,
  segmentList,
  segmentSchema,
  updateSegmentBody,
} from "@switchboard/contracts";
import type { AppContext } from "../../../platform/context";
import { defineRoute } from "../../../platform/http/route";
import type { CampaignEngagement } from "./compile";
import {
  segmentContactsPage as contactsPage,
  createSegment,
  deleteSegment,
  getSegment,
  listSegments,
  previewSegment,
  updateSegment,
} from "./manage-segments";

/** `engagement`: the campaigns feature's answer to campaign conditions, when the build has it. */
export function segmentRoutes(ctx: AppContext, engagement?: CampaignEngagement) {
  const tags = ["segments"];
  return [
    defineRoute({
      method: "get",
      path: "/api/segments",
      guard: "agent",
      summary: "Saved segments with their current counts",
      tags,
      response: segmentList,
      handler: () => listSegments(ctx.db, engagement),
    }),
    defineRoute({
      method: "post",
      path: "/api/segments",
      guard: "admin",
      summary: "Save a segment (an unknown or mistyped custom field is a 400)",
      tags,
      body: createSegmentBody,
      response: segmentSchema,
      status: 201,
      handler: ({ body, user }) => createSegment(ctx.db, body, user.id, engagement),
    }),
    // Before /api/segments/:id so "count" is not read as an id.
    defineRoute({
      method: "post",
      path: "/api/segments/count",
      guard: "agent",
      summary: "The live count of a definition being edited, with a sample of its first 10 contacts",
      tags,
      body: segmentCountBody,
      response: segmentCountResult,
      handler: ({ body }) => previewSegment(ctx.db, body.definition, engagement),
    }),
    defineRoute({
      method: "get",
      path: "/api/segments/:id",
      guard: "agent",
      summary: "A segment with its current count",
      tags,
      params: idParams,
      response: segmentSchema,
      handler: ({ params }) => getSegment(ctx.db, params.id, engagement),
    }),
    defineRoute({
      method: "patch",
      path: "/api/segments/:id",
      guard: "admin",
      summary: "Rename a segment or replace its definition",
      tags,
      params: idParams,
      body: updateSegmentBody,
      response: segmentSchema,
      handler: ({ params, body }) => updateSegment(ctx.db, params.id, body, engagement),
    }),
    defineRoute({
      method: "delete",
      path: "/api/segments/:id",
      guard: "admin",
      summary: "Delete a segment",
      tags,
      params: idParams,
      status: 204,
      handler: ({ params }) => deleteSegment(ctx.db, params.id),
    }),
    defineRoute({
      method: "get",
      path: "/api/segments/:id/contacts",
      guard: "agent",
      summary: "The segment's contacts in id order, keyset paged (pass the last page's nextAfterId)",
      tags,
      params: idParams,
      query: segmentContactsQuery,
      response: segmentContactsPage,
      handler: ({ params, query }) => contactsPage(ctx.db, params.id, query, engagement),
    }),
  ];
}
