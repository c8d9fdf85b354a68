import { demoStatusSchema, removeDemoResult } from "@switchboard/contracts";
import type { AppContext } from "../../platform/context";
import { defineRoute } from "../../platform/http/route";
import { requestActor } from "../audit";
import { demoStatus } from "./records";
import { removeDemo } from "./remove-demo";

export function demoRoutes(ctx: AppContext) {
  const tags = ["demo"];
  return [
    defineRoute({
      method: "get",
      path: "/api/demo",
      guard: "agent",
      summary: "Whether demo data is present (the console shows its notice and the Remove action)",
      tags,
      response: demoStatusSchema,
      handler: () => demoStatus(ctx.db),
    }),
    defineRoute({
      method: "delete",
      path: "/api/demo",
      guard: "admin",
      summary: "Remove exactly the rows the demo seed created (idempotent, audited); the demo never comes back",
      tags,
      response: removeDemoResult,
      handler: ({ req, user }) => removeDemo(ctx, requestActor(req, user)),
    }),
  ];
}
