import http from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import type { Config } from "./config";
import { agentRoutes } from "./features/agents/routes";
import { bootstrapAdmin } from "./features/agents/bootstrap";
import { deliverMessageJob, drainEventsJob, drainWakeupJob, fetchMediaJob } from "./features/channels/jobs";
import { registerChannelListeners } from "./features/channels/listeners";
import { channelRoutes } from "./features/channels/routes";
import { createSandbox } from "./features/channels/sandbox/routes";
import { resumePendingDrains, sweepStuckWork } from "./features/channels/sweep";
import { webhookRouter } from "./features/channels/webhook-routes";
import { widgetRoutes } from "./features/channels/webchat/routes";
import { seedDemo } from "./features/demo/seed";
import { attachmentRoutes } from "./features/inbox/attachments";
import { contactRoutes } from "./features/inbox/contact-routes";
import { snoozeWakeJob } from "./features/inbox/jobs";
import { onClientEvent, registerRealtime } from "./features/inbox/realtime";
import { conversationRoutes } from "./features/inbox/routes";
import { RateLimiter } from "./platform/auth/rate-limit";
import { resolveVisitor } from "./platform/auth/resolve-visitor";
import { parseCookies, purgeExpiredSessions, readSession, SESSION_COOKIE } from "./platform/auth/sessions";
import { VisitorTokens } from "./platform/auth/visitor-token";
import { EventBus } from "./platform/bus";
import type { AppContext } from "./platform/context";
import { openDatabase } from "./platform/db/client";
import { AppError } from "./platform/errors";
import { errorHandler } from "./platform/http/error-handler";
import { mountRoutes } from "./platform/http/mount";
import { buildOpenApi } from "./platform/http/openapi";
import type { RouteDef } from "./platform/http/route";
import { serveStatic } from "./platform/http/static";
import { Jobs } from "./platform/jobs";
import { createLogger, type Logger } from "./platform/logger";
import { RealtimeHub } from "./platform/realtime/hub";
import { loadSecretKey, SecretBox } from "./platform/secret-box";
import { FileStorage } from "./platform/storage";

export interface RunningServer {
  url: string;
  port: number;
  ctx: AppContext;
  routes: RouteDef[];
  app: express.Express;
  /** What bootstrap did on an empty database (the generated password is shown once). */
  bootstrap: { admin: { email: string; password: string | null } | null; demo: boolean };
  sandbox: ReturnType<typeof createSandbox>;
  close(): Promise<void>;
}

/** The composition root: config -> db -> jobs -> bus -> features -> http/ws. */
export async function startServer(
  config: Config,
  opts: { log?: Logger; memoryDb?: boolean } = {},
): Promise<RunningServer> {
  const log = opts.log ?? createLogger(config.logLevel);
  const database = await openDatabase({
    url: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.poolSize,
    memory: opts.memoryDb,
  });
  const secrets = new SecretBox(loadSecretKey(config.secretKey, config.dataDir));
  let listeningUrl = "";
  const ctx: AppContext = {
    config,
    database,
    db: database.db,
    log,
    bus: new EventBus(log),
    jobs: new Jobs(database, log),
    secrets,
    visitorTokens: new VisitorTokens(secrets.derive("visitor-token")),
    hub: undefined as unknown as RealtimeHub,
    storage: new FileStorage(config.dataDir),
    loginLimiter: new RateLimiter(config.loginRateLimit, 15 * 60_000),
    publicUrl: () => config.publicUrl ?? listeningUrl,
    internalUrl: () => listeningUrl.replace("localhost", "127.0.0.1"),
  };
  ctx.hub = new RealtimeHub({
    log,
    authenticate: async (req) => {
      const user = await readSession(ctx.db, parseCookies(req.headers.cookie)[SESSION_COOKIE]);
      if (user) return { user };
      const token = new URL(req.url ?? "/", "http://x").searchParams.get("visitorToken");
      const visitor = await resolveVisitor(ctx.db, ctx.visitorTokens.verify(token));
      return visitor ? { visitor } : null;
    },
    onClientEvent: (client, event) => (event.type === "typing" ? onClientEvent(ctx, client, event) : undefined),
  });

  registerRealtime(ctx);
  registerChannelListeners(ctx);
  ctx.jobs.register(snoozeWakeJob(ctx));
  ctx.jobs.register(drainEventsJob(ctx));
  ctx.jobs.register(drainWakeupJob(ctx));
  ctx.jobs.register(deliverMessageJob(ctx));
  ctx.jobs.register(fetchMediaJob(ctx));
  await ctx.jobs.start();

  const admin = await bootstrapAdmin(ctx);
  const demo = config.demo ? await seedDemo(ctx) : false;

  const sandbox = createSandbox(ctx);
  const routes: RouteDef[] = [
    ...agentRoutes(ctx),
    ...conversationRoutes(ctx),
    ...contactRoutes(ctx),
    ...attachmentRoutes(ctx),
    ...channelRoutes(ctx),
    ...widgetRoutes(ctx),
    ...sandbox.routes,
  ];
  const app = buildHttpApp(ctx, routes, sandbox.router);
  const server = http.createServer(app);
  ctx.hub.attach(server);
  await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
  const port = (server.address() as AddressInfo).port;
  listeningUrl = `http://localhost:${port}`;

  const sweeper = setInterval(
    () => purgeExpiredSessions(ctx.db).catch((err) => log.warn({ err }, "session purge failed")),
    3600_000,
  );
  sweeper.unref();
  const stuck = setInterval(() => sweepStuckWork(ctx).catch((err) => log.warn({ err }, "sweep failed")), 60_000);
  stuck.unref();
  // Webhooks stored just before a crash may have lost their drain request: ask again now.
  await resumePendingDrains(ctx, 0).catch((err) => log.warn({ err }, "resuming webhook processing failed"));

  return {
    url: listeningUrl,
    port,
    ctx,
    routes,
    app,
    bootstrap: { admin, demo },
    sandbox,
    close: async () => {
      clearInterval(sweeper);
      clearInterval(stuck);
      await ctx.hub.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await ctx.jobs.stop();
      await database.close();
    },
  };
}

function buildHttpApp(ctx: AppContext, routes: RouteDef[], sandboxRouter: express.Router) {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", ctx.config.trustProxy);
  app.use((_req, res, next) => {
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
    next();
  });
  app.get("/healthz", (_req, res) => void res.json({ ok: true }));
  app.get("/readyz", (_req, res, next) => {
    ctx.database
      .executeSql("select 1 as ok", [])
      .then(() => res.json({ ok: true, database: ctx.database.driver }))
      .catch(next);
  });
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
