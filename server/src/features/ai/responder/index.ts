import type { AppContext } from "../../../platform/context";
import { respondJob } from "./job";
import { registerResponderListeners } from "./listeners";

/** The AI responder: ownership listeners and the debounced `ai.respond` job (call before jobs start). */
export function registerResponder(ctx: AppContext) {
  registerResponderListeners(ctx);
  ctx.jobs.register(respondJob(ctx));
}
