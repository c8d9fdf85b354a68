import {
  createPolicyBody,
  createScheduleBody,
  idParams,
  policyList,
  policySchema,
  policyVersionList,
  reorderPoliciesBody,
  scheduleList,
  scheduleSchema,
  updatePolicyBody,
  updateScheduleBody,
} from "@switchboard/contracts";
import type { AppContext } from "../../platform/context";
import { defineRoute } from "../../platform/http/route";
import { requestActor } from "../audit";
import { getPolicy, listPolicies, listPolicyVersions, listSchedules, scheduleDto, scheduleRow } from "./queries";
import { reorderPolicies } from "./reorder-policies";
import { archivePolicy, createPolicy, updatePolicy } from "./save-policy";
import { archiveSchedule, createSchedule, updateSchedule } from "./save-schedule";

/** Agents read SLA settings (the console shows targets and hours); only admins change them. */
export function slaRoutes(ctx: AppContext) {
  const tags = ["sla"];
  return [
    defineRoute({
      method: "get",
      path: "/api/sla/schedules",
      guard: "agent",
      summary: "Business-hours schedules, the default first",
      tags,
      response: scheduleList,
      handler: async () => ({ items: await listSchedules(ctx.db) }),
    }),
    defineRoute({
      method: "post",
      path: "/api/sla/schedules",
      guard: "admin",
      summary: "Create a business-hours schedule",
      tags,
      body: createScheduleBody,
      response: scheduleSchema,
      status: 201,
      handler: ({ req, user, body }) => createSchedule(ctx.db, requestActor(req, user), body),
    }),
    defineRoute({
      method: "get",
      path: "/api/sla/schedules/:id",
      guard: "agent",
      summary: "A business-hours schedule",
      tags,
      params: idParams,
      response: scheduleSchema,
      handler: async ({ params }) => scheduleDto(await scheduleRow(ctx.db, params.id)),
    }),
    defineRoute({
      method: "patch",
      path: "/api/sla/schedules/:id",
      guard: "admin",
      summary: "Edit a schedule (deadlines computed from now on follow it)",
      tags,
      params: idParams,
      body: updateScheduleBody,
      response: scheduleSchema,
      handler: ({ req, user, params, body }) => updateSchedule(ctx.db, requestActor(req, user), params.id, body),
    }),
    defineRoute({
      method: "delete",
      path: "/api/sla/schedules/:id",
      guard: "admin",
      summary: "Delete a schedule no live policy uses (not the default)",
      tags,
      params: idParams,
      status: 204,
      handler: async ({ req, user, params }) => {
        await archiveSchedule(ctx.db, requestActor(req, user), params.id);
      },
    }),
    defineRoute({
      method: "get",
      path: "/api/sla/policies",
      guard: "agent",
      summary: "SLA policies in first-match order, each at its current version",
      tags,
      response: policyList,
      handler: async () => ({ items: await listPolicies(ctx.db) }),
    }),
    defineRoute({
      method: "post",
      path: "/api/sla/policies",
      guard: "admin",
      summary: "Create an SLA policy (placed last)",
      tags,
      body: createPolicyBody,
      response: policySchema,
      status: 201,
      handler: ({ req, user, body }) => createPolicy(ctx.db, requestActor(req, user), body),
    }),
    defineRoute({
      method: "post",
      path: "/api/sla/policies/reorder",
      guard: "admin",
      summary: "Set the first-match order (every live policy, once)",
      tags,
      body: reorderPoliciesBody,
      response: policyList,
      handler: async ({ req, user, body }) => ({
        items: await reorderPolicies(ctx.db, requestActor(req, user), body.ids),
      }),
    }),
    defineRoute({
      method: "get",
      path: "/api/sla/policies/:id",
      guard: "agent",
      summary: "An SLA policy at its current version",
      tags,
      params: idParams,
      response: policySchema,
      handler: ({ params }) => getPolicy(ctx.db, params.id),
    }),
    defineRoute({
      method: "get",
      path: "/api/sla/policies/:id/versions",
      guard: "agent",
      summary: "Every version of an SLA policy, newest first",
      tags,
      params: idParams,
      response: policyVersionList,
      handler: async ({ params }) => ({ items: await listPolicyVersions(ctx.db, params.id) }),
    }),
    defineRoute({
      method: "patch",
      path: "/api/sla/policies/:id",
      guard: "admin",
      summary: "Edit an SLA policy: writes a new version",
      tags,
      params: idParams,
      body: updatePolicyBody,
      response: policySchema,
      handler: ({ req, user, params, body }) => updatePolicy(ctx.db, requestActor(req, user), params.id, body),
    }),
    defineRoute({
      method: "delete",
      path: "/api/sla/policies/:id",
      guard: "admin",
      summary: "Delete an SLA policy (its versions stay for the SLAs applied with them)",
      tags,
      params: idParams,
      status: 204,
      handler: async ({ req, user, params }) => {
        await archivePolicy(ctx.db, requestActor(req, user), params.id);
      },
    }),
  ];
}
