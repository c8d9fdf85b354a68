import express from "express";
import { callWebhookRouter } from "./features/calls";
import { webhookRouter } from "./features/channels";
import type { AppContext } from "./platform/context";
import { AppError } from "./platform/errors";
import { errorHandler } from "./platform/http/error-handler";
import { mountRoutes } from "./platform/http/mount";
import { buildOpenApi } from "./platform/http/openapi";
import type { RouteDef } from "./platform/http/route";
import { consoleSecurityHeaders } from "./platform/http/security-headers";
import { serveStatic } from "./platform/http/static";

/** ROLE=worker listens for health checks only (/healthz: alive, /readyz: database answers). */
export function buildHealthApp(ctx: AppContext) {
  const app = express();
  app.disable("x-powered-by");
  healthRoutes(app, ctx);
  app.use((req, _res, next) => next(new AppError("not_found", `A worker serves no ${req.method} ${req.path}`)));
  app.use(errorHandler(ctx.log));
  return app;
}

function healthRoutes(app: express.Express, ctx: AppContext) {
  app.get("/healthz", (_req, res) => void res.json({ ok: true, role: ctx.config.role }));
  // 503 (not ready) when the database does not answer: proxies and orchestrators take the process out of rotation.
  app.get("/readyz", (_req, res) => {
    ctx.database
      .executeSql("select 1 as ok", [])
      .then(() => res.json({ ok: true, database: ctx.database.driver, role: ctx.config.role }))
      .catch((err) => {
        ctx.log.warn({ err }, "readiness check failed");
        res.status(503).json({ ok: false, role: ctx.config.role });
      });
  });
}

export function buildHttpApp(ctx: AppContext, routes: RouteDef[], sandboxRouter: express.Router) {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", ctx.config.trustProxy);
  app.use((_req, res, next) => {
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
    next();
  });
  app.use(consoleSecurityHeaders);
  healthRoutes(app, ctx);
  // The widget calls from customers' sites with a bearer token (no cookies), so any origin may ask;
  // each handler then checks the channel's allowed origins.
  app.use("/api/widget", (req, res, next) => {
    if (req.headers.origin) {
      res.setHeader("Access-Control-Allow-Origin", req.headers.origin);
      res.setHeader("Vary", "Origin");
      res.setHeader("Access-Control-Allow-Headers", "Content-Type, Authorization");
      res.setHeader("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
      res.setHeader("Access-Control-Max-Age", "600");
    }
    if (req.method === "OPTIONS") return void res.status(204).end();
    next();
  });
  app.use(webhookRouter(ctx));
  app.use(callWebhookRouter(ctx));
  app.use(sandboxRouter);
  app.use("/api", express.json({ limit: "1mb" }));
  const router = express.Router();
  mountRoutes(router, ctx, routes);
  app.use(router);
  const openapi = buildOpenApi(routes, "1.0.0");
  app.get("/api/openapi.json", (_req, res) => void res.json(openapi));
  app.use("/api", (req, _res, next) => next(new AppError("not_found", `No route ${req.method} ${req.originalUrl}`)));
  serveStatic(app);
  app.use(errorHandler(ctx.log));
  return app;
}
