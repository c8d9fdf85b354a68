// The barrel drizzle-kit reads: every feature's tables, collected in one place.
export * from "../../features/agents/schema";
export * from "../../features/ai/schema";
export * from "../../features/audit/schema";
export * from "../../features/canned-responses/schema";
export * from "../../features/channels/schema";
export * from "../../features/channels/webchat/schema";
export * from "../../features/demo/schema";
export * from "../../features/inbox/schema";
export * from "../../features/inbox/labels/schema";
export * from "../../features/notifications/schema";
export * from "../../features/integrations/schema";
export * from "../../features/knowledge/schema";
export * from "./platform-tables";
export * from "../rate-limit/schema";
export * from "../../features/campaigns/schema";
export * from "../../features/tickets/schema";
export * from "../../features/sla/schema";
