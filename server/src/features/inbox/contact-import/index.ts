// Wiring for the composition root (through the inbox's index.ts).
export { contactImportJob } from "./jobs";
export { registerImportRealtime } from "./realtime";
export { contactImportRoutes } from "./routes";
