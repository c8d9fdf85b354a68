// The sla feature's public surface. It owns sla_schedules, sla_policies, sla_policy_versions and sla_clocks;
// others (tickets and conversations, when they are wired) go through these.
export {
  addBusinessSeconds,
  type BusinessSchedule,
  businessSecondsBetween,
  CALENDAR,
  type Hours,
} from "./business-time";
export { ensureSlaDefaults } from "./defaults";
export { defaultBusinessHours } from "./default-hours";
export { getPolicyVersion, listPolicies } from "./queries";
export { slaRoutes } from "./routes";
export { conditionHolds, type SlaSubject, selectPolicy } from "./select-policy";
export type { ClockSubject } from "./clocks";
export { pauseClock } from "./pause-clock";
export { resumeClock } from "./resume-clock";
export type { SlaClockRow } from "./schema";
export { startClock } from "./start-clock";
export { stopClock } from "./stop-clock";
