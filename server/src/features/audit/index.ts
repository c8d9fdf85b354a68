// The audit log's public surface: every feature records admin actions through recordAudit; the log
// itself (audit_log) belongs to this feature and is append-only.
export { type AuditActor, type AuditEntry, recordAudit, requestActor } from "./record-audit";
export { auditRoutes } from "./routes";
