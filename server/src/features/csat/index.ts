// CSAT and the AI quality score (issue 10 §5): surveys after resolutions on each channel, their
// answers (taps and parsed text, claimed before the inbox sees them), quality scores by the AI
// provider. Tables csat_settings, csat_surveys, quality_scores are this feature's own. Depends on
// inbox, channels, ai, audit; only app.ts depends on it.
import type { AppContext } from "../../platform/context";
import { registerSurveyAnswers } from "../channels";
import { csatAskJob } from "./ask";
import { surveyAnswers } from "./answers";
import { registerCsatListeners } from "./listeners";
import { qualityScoreJob } from "./quality";

export { agentCsat, conversationCsat } from "./queries";
export { csatRoutes } from "./routes";
export { loadCsatSettings } from "./settings";

/** Wiring at start-up: the jobs, the resolution listeners, and the answer port channels call. */
export function registerCsat(ctx: AppContext) {
  ctx.jobs.register(csatAskJob(ctx));
  ctx.jobs.register(qualityScoreJob(ctx));
  registerCsatListeners(ctx);
  registerSurveyAnswers(ctx, surveyAnswers);
}
