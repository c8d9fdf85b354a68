import { errorBodySchema } from "@switchboard/contracts";
import { z } from "zod";
import type { RouteDef } from "./route";

const toJson = (s: z.ZodType, io: "input" | "output") =>
  z.toJSONSchema(s, { io, unrepresentable: "any", target: "openapi-3.0" }) as Record<string, unknown>;

/** OpenAPI 3.1 generated from the same Zod schemas that validate requests. */
export function buildOpenApi(routes: RouteDef[], version: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = r.path.replace(/:(\w+)/g, "{$1}");
    const parameters: unknown[] = [];
    for (const [where, schema] of [
      ["path", r.params],
      ["query", r.query],
    ] as const) {
      if (!schema) continue;
      const js = toJson(schema, "input") as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, s] of Object.entries(js.properties ?? {})) {
        parameters.push({
          name,
          in: where,
          required: where === "path" || (js.required ?? []).includes(name),
          schema: s,
        });
      }
    }
    // Agent routes take the console's cookie or an API token (scope by guard and method; see tokenScope).
    const security =
      r.guard === "public"
        ? []
        : r.guard === "visitor"
          ? [{ visitorToken: [] }]
          : r.sessionOnly
            ? [{ session: [] }]
            : [{ session: [] }, { bearer: [] }];
    paths[path] ??= {};
    paths[path][r.method] = {
      summary: r.summary,
      tags: r.tags,
      "x-guard": r.guard,
      ...(r.guard === "agent" || r.guard === "admin"
        ? {
            "x-token-scope": r.sessionOnly
              ? null
              : r.guard === "admin"
                ? "admin"
                : r.method === "get"
                  ? "read"
                  : "write",
          }
        : {}),
      security,
      parameters,
      ...(r.body
        ? { requestBody: { required: true, content: { "application/json": { schema: toJson(r.body, "input") } } } }
        : r.multipart
          ? {
              requestBody: {
                required: true,
                content: {
                  "multipart/form-data": {
                    schema: { type: "object", properties: { file: { type: "string", format: "binary" } } },
                  },
                },
              },
            }
          : {}),
      responses: {
        [String(r.status ?? 200)]: r.response
          ? { description: "OK", content: { "application/json": { schema: toJson(r.response, "output") } } }
          : { description: "OK" },
        default: {
          description: "Error",
          content: { "application/json": { schema: toJson(errorBodySchema, "output") } },
        },
      },
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Switchboard API",
      version,
      description:
        "Every error body is { error: { code, message, details? } }. Authenticate with the console's session cookie or an API token (Settings → API tokens) as `Authorization: Bearer sb_…`. Token scopes nest: `read` (GET), `write` (also changes), `admin` (also admin routes); `x-token-scope` on each operation names the one it needs. Bearer requests need no Origin header (no CSRF check). WebSockets (/ws) accept the session cookie only.",
    },
    components: {
      securitySchemes: {
        session: { type: "apiKey", in: "cookie", name: "sb_session" },
        bearer: { type: "http", scheme: "bearer", bearerFormat: "sb_<prefix>_<secret>", description: "API token" },
        visitorToken: { type: "http", scheme: "bearer" },
      },
    },
    paths,
  };
}
