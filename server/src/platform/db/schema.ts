// The barrel drizzle-kit reads: every feature's tables, collected in one place.
export * from "../../features/agents/schema";
export * from "../../features/audit/schema";
export * from "../../features/channels/schema";
export * from "../../features/demo/schema";
export * from "../../features/inbox/schema";
export * from "./platform-tables";
export * from "../rate-limit/schema";
