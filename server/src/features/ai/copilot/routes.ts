import { type CopilotEvent, copilotBody, idParams } from "@switchboard/contracts";
import type { AppContext } from "../../../platform/context";
import { AppError } from "../../../platform/errors";
import { defineRoute } from "../../../platform/http/route";
import { loadAiSettings } from "../settings";
import { llmCopilot } from "./llm";
import { extractiveSummary, matcherSuggest } from "./matcher";
import { loadThread } from "./thread";

/**
 * The agent copilot. The answer streams as text/event-stream (`data: <CopilotEvent JSON>`), token by
 * token for a language model; the answer matcher sends whole drafts. Nothing is sent to the customer.
 */
export function copilotRoutes(ctx: AppContext) {
  return [
    defineRoute({
      method: "post",
      path: "/api/conversations/:id/copilot",
      guard: "agent",
      summary:
        "Copilot: suggest a reply, summarise the conversation or rephrase a draft; streams CopilotEvent JSON as server-sent events",
      tags: ["ai"],
      params: idParams,
      body: copilotBody,
      handler: async ({ res, params, body, user }) => {
        if (body.action === "rephrase" && !body.text)
          throw new AppError("validation_failed", "Give the draft to rephrase", {
            fieldErrors: { text: ["Required for rephrase"] },
            formErrors: [],
          });
        const loaded = await loadAiSettings(ctx);
        const matcher = loaded.settings.provider === "matcher";
        if (matcher && body.action === "rephrase")
          throw new AppError(
            "settings_invalid",
            "Rephrasing needs a language model; the built-in answer matcher only finds knowledge-base answers. An admin can choose one in Settings → AI agent.",
          );
        // Errors above are plain JSON answers; from here on the answer is a stream.
        const { lines } = await loadThread(ctx, user, params.id);
        const abort = new AbortController();
        res.on("close", () => abort.abort());
        res.status(200);
        res.setHeader("Content-Type", "text/event-stream; charset=utf-8");
        res.setHeader("Cache-Control", "no-cache, no-transform");
        res.setHeader("X-Accel-Buffering", "no");
        res.flushHeaders();
        const send = (e: CopilotEvent) => {
          if (!res.writableEnded) res.write(`data: ${JSON.stringify(e)}\n\n`);
        };
        try {
          if (matcher) {
            send({ type: "start", provider: "matcher", model: null, extractive: true });
            if (body.action === "suggest") for await (const e of matcherSuggest(ctx, lines)) send(e);
            else send({ type: "draft", text: extractiveSummary(lines), title: "Extractive summary" });
            send({ type: "done" });
          } else {
            for await (const e of llmCopilot(ctx, loaded, body, lines, abort.signal)) {
              if (abort.signal.aborted) break;
              send(e);
            }
          }
        } catch (err) {
          ctx.log.warn({ err }, "copilot failed");
          send({ type: "error", message: "The copilot failed; try again.", rule: null });
        }
        res.end();
        return res;
      },
    }),
  ];
}
