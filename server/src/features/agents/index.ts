// The agents feature's public surface: other features and the composition root import only this.
// Agents own the `users` and `sessions` tables; everyone else reads and writes them through here.
export { bootstrapAdmin } from "./bootstrap";
export { changePassword } from "./change-password";
export { createAgent, type NewAgent } from "./create-agent";
export { deleteUsers } from "./delete-users";
export { login } from "./login";
export {
  anyAgentOnline,
  countAgentsOnline,
  countUsers,
  findUserByEmail,
  getUser,
  isActiveAgent,
  listAgents,
  toUser,
} from "./queries";
export { recordAssignment } from "./record-assignment";
export { teamPresence } from "./team-presence";
export { resetPassword } from "./reset-password";
export { agentRoutes } from "./routes";
export { PresenceTracker, purgeOldConnections, STALE_MS, sweepAvailability, touchActivity } from "./availability";
export { teamRoutes } from "./team-routes";
export { listTeams, teamsOfUser } from "./teams";
export { teamLeadIds, teamLeadsOf } from "./team-leads";
export {
  createSession,
  deleteSession,
  deleteUserSessions,
  liveSessions,
  purgeExpiredSessions,
  readSession,
} from "./sessions";
export {
  scopeAllows,
  targetOf,
  VisibilityCache,
  type VisibilityScope,
  type VisibilityTarget,
  visibilityScope,
  visibilityScopes,
} from "./visibility";
export {
  anyoneOnlineFor,
  channelTeams,
  getTeam,
  queueScope,
  recordAssignments,
  type RoutableAgent,
  routableAgents,
} from "./eligibility";
export { teamRefs, userRefs } from "./refs";
