// The sla feature's public surface. It owns sla_schedules, sla_policies, sla_policy_versions and sla_clocks;
// tickets and the inbox read SLA states through these, and app.ts wires the clocks (registerSlaListeners).
export {
  addBusinessSeconds,
  type BusinessSchedule,
  businessSecondsBetween,
  CALENDAR,
  type Hours,
} from "./business-time";
export { nextAlertAt, startAlertSweeper, SWEEP_MAX_SLEEP_MS } from "./alert-sweeper";
export { ensureSlaDefaults } from "./defaults";
export { defaultBusinessHours } from "./default-hours";
export { type FiredAlert, SWEEP_BATCH, sweepDueAlerts } from "./sweep-alerts";
export type { SlaLinks } from "./links";
export { slaLiveCounts } from "./live-counts";
export { registerSlaListeners } from "./listeners";
export { getPolicyVersion, listPolicies } from "./queries";
export { slaRoutes } from "./routes";
export { conditionHolds, needsContactFields, type SlaSubject, selectPolicy } from "./select-policy";
export type { ClockSubject } from "./clocks";
export { cancelClock } from "./cancel-clock";
export { contactFieldsChanged } from "./contact-clocks";
export { conversationHandoff, conversationMessage, syncConversationClocks } from "./conversation-clocks";
export { pauseClock } from "./pause-clock";
export { isHumanPublicReply } from "./reply-kind";
export { resumeClock } from "./resume-clock";
export { retargetClock } from "./retarget-clock";
export type { SlaClockRow } from "./schema";
export { startClock } from "./start-clock";
export { nextDeadlineExpr, slaStateCondition, slaStateOf, slaStatesOf } from "./state";
export { stopClock } from "./stop-clock";
export { syncTicketClocks, ticketMessage } from "./ticket-clocks";
