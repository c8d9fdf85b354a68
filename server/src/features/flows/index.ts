// Conversation flows' public surface: the flows API and test panel, the engine contract and runner
// the voice engines drive, and the ConversationRelay socket. Tables (flows, flow_sessions,
// flow_turns) are this feature's own. Depends on ai (model, settings) and knowledge search through ai.
export { brainFor } from "./brains";
export { conversationRelay, RELAY_PATH } from "./conversation-relay";
export { conversationRelayAttributes } from "./relay-attributes";
export type { BrainEvent, BrainInput, FlowBrain, FlowState } from "./engine";
export { defaultFlowId, getFlow, listFlows, seedDefaultFlow } from "./flows-store";
export { llmBrain } from "./llm-brain";
export { flowRoutes } from "./routes";
export { FlowRunner, type RunnerOutput } from "./runner";
export { scriptedBrain } from "./scripted-brain";
export { latencyOfCalls, latencyPerCall, percentile, summarize as summarizeLatency } from "./latency";
export type { TurnTiming } from "./runner";
export { transcriptsOf } from "./turns";
export { templateWhisper, whisperSummary } from "./whisper";
