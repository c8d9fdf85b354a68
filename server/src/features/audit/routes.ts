import { auditEntrySchema, auditLogQuery, pageOf } from "@switchboard/contracts";
import { z } from "zod";
import type { AppContext } from "../../platform/context";
import { defineRoute } from "../../platform/http/route";
import { auditActions, searchAuditLog } from "./queries";

export function auditRoutes(ctx: AppContext) {
  return [
    defineRoute({
      method: "get",
      path: "/api/audit-log",
      guard: "admin",
      summary:
        'Search the audit log (newest first; filters: action or action prefix "webhook.", actor, target, text, date range)',
      tags: ["audit"],
      query: auditLogQuery,
      response: pageOf(auditEntrySchema),
      handler: ({ query }) => searchAuditLog(ctx.db, query),
    }),
    defineRoute({
      method: "get",
      path: "/api/audit-log/actions",
      guard: "admin",
      summary: "The actions recorded so far (for the filter)",
      tags: ["audit"],
      response: z.object({ items: z.array(z.string()) }),
      handler: async () => ({ items: await auditActions(ctx.db) }),
    }),
  ];
}
