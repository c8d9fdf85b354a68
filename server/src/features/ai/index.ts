// The AI agent's public surface: settings and providers, the responder, copilot. Depends on inbox,
// knowledge, routing and agents; only app.ts depends on it. Tables (ai_*) are this feature's own.
export { type Decision, type DecideInput, decideTurn } from "./decide";
export { registerResponder } from "./responder";
export { type LoadedAiSettings, loadAiSettings } from "./settings";
