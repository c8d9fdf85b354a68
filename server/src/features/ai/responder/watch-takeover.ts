import type { AppContext } from "../../../platform/context";
import { aiStillAnswers } from "../../inbox";

/**
 * How often a turn whose model call is still running checks that the conversation is still the
 * AI's. A model call takes seconds; a zero-latency one never polls (the first look is after this).
 */
const POLL_MS = 500;

/** The turn was stopped because a person took the conversation (or answered) meanwhile. */
export class TakenOverError extends Error {
  constructor() {
    super("A person took the conversation while the AI was answering");
    this.name = "TakenOverError";
  }
}

/**
 * Watches for a takeover while a turn waits for the model: a person taking the conversation or
 * replying, in any process. Workers hold no relay listener (ROLE=worker), so this asks PostgreSQL
 * itself, one small indexed statement per POLL_MS while the call lasts. `signal` aborts the model
 * call (through the AI SDK's abortSignal, which closes the provider connection); `stop()` ends the
 * watch once the decision is in.
 */
export function watchTakeover(ctx: AppContext, conversationId: string, newestPendingId: string) {
  const controller = new AbortController();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const look = async () => {
    try {
      if (!(await aiStillAnswers(ctx.db, conversationId, newestPendingId))) controller.abort(new TakenOverError());
    } catch (err) {
      // A failed look is not a takeover: the ownership re-check when recording still guards the reply.
      ctx.log.warn({ err, conversationId }, "takeover check failed");
    }
    if (!stopped && !controller.signal.aborted) timer = setTimeout(() => void look(), POLL_MS);
  };
  timer = setTimeout(() => void look(), POLL_MS);
  return {
    signal: controller.signal,
    get takenOver() {
      return controller.signal.aborted;
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
