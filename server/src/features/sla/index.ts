// The sla feature's public surface. It owns sla_schedules, sla_policies and sla_policy_versions;
// others (tickets and conversations, when they are wired) go through these.
export {
  addBusinessSeconds,
  type BusinessSchedule,
  businessSecondsBetween,
  CALENDAR,
  type Hours,
} from "./business-time";
export { ensureSlaDefaults } from "./defaults";
export { getPolicyVersion, listPolicies } from "./queries";
export { slaRoutes } from "./routes";
export { conditionHolds, type SlaSubject, selectPolicy } from "./select-policy";
