// The AI agent's public surface: settings and providers, the responder, copilot. Depends on inbox,
// knowledge, routing and agents; only app.ts depends on it. Tables (ai_*) are this feature's own.

export { conversationAiRoutes } from "./conversation-ai-routes";
export { copilotRoutes } from "./copilot/routes";
export { type DecideInput, type Decision, decideTurn } from "./decide";
export { aiEmbedders, searchWithEmbeddings } from "./embeddings";
export { type GapKind, type UnansweredQuestion, unansweredQuestions } from "./knowledge-gaps";
export { feedbackFor, markAnswerWrong, registerFeedbackRealtime, withdrawFeedback } from "./feedback";
export { assumeResolvedJob, checkAssumedResolution } from "./resolution/assume-resolved";
export { type CustomerVerdict, classifyCustomerVerdict } from "./resolution/classify";
export { aiMeta, isAiAnswer, registerResolutionListeners } from "./resolution/listeners";
export { clearAssumedResolution, recordResolution } from "./resolution/record";
export { registerResponder } from "./responder";
export { type QualityResult, scoreConversationQuality } from "./quality-score";
export { defaultModels, languageModel, temperatureFor } from "./providers";
export { type LoadedAiSettings, loadAiSettings } from "./settings";
export { aiSettingsRoutes } from "./settings-routes";
export { aiTestRoutes, toAiSource } from "./test-routes";
