import http from "node:http";
import type { AddressInfo } from "node:net";
import type express from "express";
import type { Config } from "./config";
import {
  agentRoutes,
  bootstrapAdmin,
  PresenceTracker,
  readSession,
  STALE_MS,
  teamRoutes,
} from "./features/agents";
import {
  aiEmbedders,
  aiSettingsRoutes,
  aiTestRoutes,
  assumeResolvedJob,
  classifyCustomerVerdict,
  conversationAiRoutes,
  copilotRoutes,
  registerFeedbackRealtime,
  registerResolutionListeners,
  registerResponder,
  unansweredQuestions,
} from "./features/ai";
import { analyticsRoutes, registerAnalytics } from "./features/analytics";
import { auditRoutes } from "./features/audit";
import {
  campaignDispatchJob,
  campaignWinnerJob,
  campaignEngagement,
  campaignRoutes,
  registerCampaignListeners,
} from "./features/campaigns";
import {
  callCampaignRoutes,
  callRoutes,
  dispatchCallCampaignJob,
  fetchRecordingJob,
  followUpJob,
  transcribeRecordingJob,
  transferJob,
  voicemailJob,
  loadTwilioCredentials,
  MEDIA_PATH,
  mediaStreams,
  placeCallJob,
  registerCallCampaignListeners,
  registerCallCampaignRealtime,
  registerCallOutcomeListener,
  registerCallRealtime,
} from "./features/calls";
import { cannedResponseRoutes } from "./features/canned-responses";
import { csatRoutes, registerCsat } from "./features/csat";
import {
  authenticateSocket,
  channelRoutes,
  createSandbox,
  deliverMessageJob,
  drainEventsJob,
  drainWakeupJob,
  fetchMediaJob,
  instagramProfileJob,
  registerChannelListeners,
  registerInstagramProfileLookup,
  resumePendingDrains,
  templateRoutes,
  widgetRoutes,
} from "./features/channels";
import { demoRoutes, seedDemo } from "./features/demo";
import { conversationRelay, flowRoutes, RELAY_PATH, seedDefaultFlow } from "./features/flows";
import {
  attachmentRoutes,
  backfillContactPhones,
  consentRoutes,
  contactImportJob,
  contactImportRoutes,
  contactRoutes,
  conversationRoutes,
  labelRoutes,
  onClientEvent,
  openConversationsByAssignee,
  registerConsentListeners,
  registerImportRealtime,
  registerRealtime,
  resolveVisitor,
  segmentRoutes,
  snoozeWakeJob,
  waitingByTeam,
  audienceFor,
  getConversation,
  getConversations,
  unresolvedConversationsOfContact,
  getContact,
} from "./features/inbox";
import {
  deliverWebhookJob,
  integrationRoutes,
  readApiToken,
  registerWebhookListeners,
} from "./features/integrations";
import { knowledgeEmbedJob, knowledgeImportJob, knowledgeRoutes, requestEmbedding } from "./features/knowledge";
import { notificationRoutes, registerNotificationListeners } from "./features/notifications";
import { drainQueue, registerRoutingListeners, routingRoutes } from "./features/routing";
import { registerSlaListeners, type SlaLinks, slaLiveCounts, slaRoutes, startAlertSweeper } from "./features/sla";
import {
  getTicket,
  getTickets,
  unsolvedTicketsOfContact,
  registerTicketNotices,
  registerTicketRealtime,
  ticketRoutes,
  ticketsOfConversation,
  ticketsReport,
  ticketsReportDrillDown,
} from "./features/tickets";
import { LoginLimiter } from "./platform/auth/rate-limit";
import { VisitorTokens } from "./platform/auth/visitor-token";
import { EventBus } from "./platform/bus";
import type { AppContext } from "./platform/context";
import { openDatabase } from "./platform/db/client";
import { buildHealthApp, buildHttpApp } from "./http-app";
import type { RouteDef } from "./platform/http/route";
import { Jobs } from "./platform/jobs";
import { createLogger, type Logger } from "./platform/logger";
import { RealtimeHub } from "./platform/realtime/hub";
import { startRelay } from "./platform/realtime/relay";
import { loadSecretKeys, SecretBox } from "./platform/secret-box";
import { importLegacyFiles, openFileStore } from "./platform/storage";
import { startSweepers } from "./sweepers";

export interface RunningServer {
  url: string;
  port: number;
  ctx: AppContext;
  routes: RouteDef[];
  app: express.Express;
  /** What bootstrap did on an empty database (the generated password is shown once). */
  bootstrap: { admin: { email: string; password: string | null } | null; demo: boolean };
  sandbox: ReturnType<typeof createSandbox>;
  presence: PresenceTracker;
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
  const secrets = new SecretBox(loadSecretKeys(config, config.dataDir));
  let listeningUrl = "";
  const ctx: AppContext = {
    config,
    database,
    db: database.db,
    log,
    bus: new EventBus(log),
    jobs: new Jobs(database, log),
    secrets,
    visitorTokens: new VisitorTokens(secrets.deriveAll("visitor-token")),
    hub: undefined as unknown as RealtimeHub,
    storage: openFileStore(config, database.db),
    loginLimiter: new LoginLimiter(database.db, {
      perIp: config.loginRateLimit,
      perAccount: config.loginAccountRateLimit,
    }),
    // The platform's guards and socket hub learn who is calling from the features that own those tables.
    auth: {
      readSession: (token) => readSession(database.db, token),
      resolveVisitor: (visitor) => resolveVisitor(database.db, visitor),
      readApiToken: (token) => readApiToken(database.db, token),
    },
    publicUrl: () => config.publicUrl ?? listeningUrl,
    internalUrl: () => listeningUrl.replace("localhost", "127.0.0.1"),
  };
  ctx.hub = new RealtimeHub({
    log,
    authenticate: (req) => authenticateSocket(ctx, req),
    onClientEvent: (client, event) => (event.type === "typing" ? onClientEvent(ctx, client, event) : undefined),
  });

  // ROLE: `web` serves HTTP, WebSocket and webhooks (and sends jobs); `worker` runs jobs and
  // sweepers behind a health-only listener; `all` is both (the default, and the only one on PGlite).
  const serves = config.role !== "worker";
  const works = config.role !== "web";
  const relay = await startRelay(ctx, { listen: serves });

  registerRealtime(ctx);
  registerFeedbackRealtime(ctx);
  registerChannelListeners(ctx);
  registerInstagramProfileLookup(ctx);
  registerNotificationListeners(ctx);
  registerRoutingListeners(ctx);
  registerTicketRealtime(ctx);
  registerTicketNotices(ctx);
  registerAnalytics(ctx, { customerVerdict: (text) => classifyCustomerVerdict(text) !== null });
  // SLA clocks follow tickets and conversations; their state is read back by both (hence handed in here).
  const conversationAudience = audienceFor(ctx);
  const slaLinks: SlaLinks = {
    getTicket,
    getTickets,
    ticketsOfConversation,
    getConversation,
    getConversations,
    contactFields: async (db, id) => (await getContact(db, id, false))?.attributes ?? null,
    subjectsOfContact: async (db, contactId) => {
      const conversations = await unresolvedConversationsOfContact(db, contactId);
      const tickets = await unsolvedTicketsOfContact(
        db,
        contactId,
        conversations.map((c) => c.id),
      );
      return { conversations, tickets };
    },
    toConversationAudience: (target, event) => conversationAudience.send(target, event),
  };
  registerSlaListeners(ctx, slaLinks);
  ctx.jobs.register(snoozeWakeJob(ctx));
  ctx.jobs.register(drainEventsJob(ctx));
  ctx.jobs.register(drainWakeupJob(ctx));
  ctx.jobs.register(deliverMessageJob(ctx));
  ctx.jobs.register(fetchMediaJob(ctx));
  ctx.jobs.register(instagramProfileJob(ctx));
  registerWebhookListeners(ctx);
  ctx.jobs.register(deliverWebhookJob(ctx));
  ctx.jobs.register(knowledgeImportJob(ctx));
  ctx.jobs.register(knowledgeEmbedJob(ctx, aiEmbedders(ctx)));
  registerResolutionListeners(ctx);
  ctx.jobs.register(assumeResolvedJob(ctx));
  registerResponder(ctx);
  const importJob = contactImportJob(ctx);
  ctx.jobs.register(importJob);
  registerImportRealtime(ctx);
  registerConsentListeners(ctx);
  ctx.jobs.register(campaignDispatchJob(ctx));
  ctx.jobs.register(campaignWinnerJob(ctx));
  registerCampaignListeners(ctx);
  ctx.jobs.register(placeCallJob(ctx));
  ctx.jobs.register(dispatchCallCampaignJob(ctx));
  ctx.jobs.register(fetchRecordingJob(ctx));
  ctx.jobs.register(voicemailJob(ctx));
  ctx.jobs.register(followUpJob(ctx));
  ctx.jobs.register(transferJob(ctx));
  ctx.jobs.register(transcribeRecordingJob(ctx));
  registerCallRealtime(ctx);
  registerCsat(ctx);
  registerCallCampaignRealtime(ctx);
  registerCallCampaignListeners(ctx);
  registerCallOutcomeListener(ctx);
  await ctx.jobs.start({ work: works });
  const slaSweeper = works ? startAlertSweeper(ctx, slaLinks) : undefined;

  // Processes starting together must not both create the first admin (or both import old files).
  const admin = (await database.lock("bootstrap", () => bootstrapAdmin(ctx))) ?? null;
  const demo = config.demo ? await seedDemo(ctx) : false;
  await seedDefaultFlow(ctx.db);
  // Chunks written while no worker ran, or a model set by another process, get embedded.
  await requestEmbedding(ctx);
  await importLegacyFiles(ctx.db, ctx.storage, config.dataDir, log);
  await backfillContactPhones(ctx.db, config.defaultCountry).catch((err) => log.warn({ err }, "phone backfill failed"));

  const sandbox = createSandbox(ctx);
  const routes: RouteDef[] = [
    ...agentRoutes(ctx, { openConversationsByAssignee }),
    ...teamRoutes(ctx, { openConversationsByAssignee, waitingByTeam }),
    ...conversationRoutes(ctx),
    ...labelRoutes(ctx),
    // Before contactRoutes: /api/contacts/imports must not be read as /api/contacts/:id.
    ...contactImportRoutes(ctx, importJob),
    ...consentRoutes(ctx),
    // Campaigns answer engagement conditions over their recipients table (the inbox may not read it).
    ...segmentRoutes(ctx, campaignEngagement),
    ...contactRoutes(ctx),
    ...cannedResponseRoutes(ctx),
    ...notificationRoutes(ctx),
    ...demoRoutes(ctx),
    ...attachmentRoutes(ctx),
    ...channelRoutes(ctx),
    ...templateRoutes(ctx),
    ...campaignRoutes(ctx),
    ...callRoutes(ctx),
    ...callCampaignRoutes(ctx),
    ...integrationRoutes(ctx),
    ...auditRoutes(ctx),
    ...knowledgeRoutes(ctx, aiEmbedders(ctx)),
    ...conversationAiRoutes(ctx),
    ...aiTestRoutes(ctx),
    ...aiSettingsRoutes(ctx),
    ...copilotRoutes(ctx),
    ...routingRoutes(ctx),
    ...ticketRoutes(ctx),
    ...slaRoutes(ctx),
    ...analyticsRoutes(ctx, {
      sla: slaLiveCounts,
      tickets: ticketsReport,
      ticketsDrillDown: ticketsReportDrillDown,
      gaps: unansweredQuestions,
    }),
    ...csatRoutes(ctx),
    ...flowRoutes(ctx),
    ...widgetRoutes(ctx),
    ...sandbox.routes,
  ];
  // Auto-away: this process reports its agents' sockets; the sweep below applies the rules.
  const presenceRules = { ...config.presence, staleMs: STALE_MS };
  const presence = new PresenceTracker(ctx, presenceRules);
  if (serves) presence.start();
  const app = serves ? buildHttpApp(ctx, routes, sandbox.router) : buildHealthApp(ctx);
  const server = http.createServer(app);
  if (serves) {
    ctx.hub.route(
      RELAY_PATH,
      conversationRelay(
        ctx,
        async () => (await loadTwilioCredentials(ctx))?.authToken ?? ctx.config.flows.twilioAuthToken,
      ),
    );
    ctx.hub.route(
      MEDIA_PATH,
      mediaStreams(ctx, async () => (await loadTwilioCredentials(ctx))?.authToken ?? ctx.config.flows.twilioAuthToken),
    );
    ctx.hub.attach(server);
  }
  await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
  const port = (server.address() as AddressInfo).port;
  listeningUrl = `http://localhost:${port}`;

  const stopSweepers = startSweepers(ctx, { works, serves, presenceRules });
  // Webhooks stored just before a crash may have lost their drain request: ask again now.
  if (works) await resumePendingDrains(ctx, 0).catch((err) => log.warn({ err }, "resuming webhook processing failed"));
  if (works) await drainQueue(ctx);

  return {
    url: listeningUrl,
    port,
    ctx,
    routes,
    app,
    bootstrap: { admin, demo },
    sandbox,
    presence,
    close: async () => {
      stopSweepers();
      await presence.stop();
      await ctx.hub.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await slaSweeper?.stop();
      await ctx.jobs.stop();
      await relay?.close();
      await database.close();
    },
  };
}
