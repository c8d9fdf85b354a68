// The analytics feature's public surface: reporting events and conversation facts (its own tables),
// fed by bus events; the /api/reports routes; the live tiles. Depends on inbox, agents and sla
// (through their index.ts); nothing depends on it but app.ts and the demo workspace (whose imported conversations it records and forgets).
export { forgetConversations, recordImportedConversation } from "./imported";
export { type AnalyticsWiring, registerAnalytics } from "./listeners";
export { liveTiles, reportsChangePending, reportsChanged, type SlaLiveSource } from "./live";
export type { SourceEvent } from "./plan-events";
export { recordReportingEvent } from "./record-event";
export { analyticsRoutes } from "./routes";
