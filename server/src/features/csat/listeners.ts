import type { AppContext } from "../../platform/context";
import { latestResolution } from "../inbox";
import { type AskPayload, csatAskJob } from "./ask";
import { qualityScoreJob } from "./quality";

/**
 * A resolution asks for a rating and a quality score, each a job keyed by the resolution (a
 * redelivered event queues nothing new). A person's resolution is the conversation becoming
 * `resolved` (keyed by its "Resolved" activity line); the AI's is `ai.resolution` assumed or
 * confirmed (keyed by the answer it is about), which never changes the conversation's status.
 */
export function registerCsatListeners(ctx: AppContext) {
  const ask = csatAskJob(ctx);
  const score = qualityScoreJob(ctx);
  const queue = async (p: AskPayload) => {
    const opts = { singletonKey: p.resolutionKey };
    await ctx.jobs.send(ask, p, opts);
    await ctx.jobs.send(score, { conversationId: p.conversationId, resolutionKey: p.resolutionKey }, opts);
  };
  ctx.bus.on("conversation.updated", async ({ conversation, previous }) => {
    if (conversation.status !== "resolved" || !previous || previous.status === "resolved") return;
    const resolution = await latestResolution(ctx.db, conversation.id);
    await queue({
      conversationId: conversation.id,
      resolvedBy: "human",
      resolutionKey: `human:${resolution?.id ?? conversation.id}`,
      agentId: conversation.assignee?.id ?? null,
    });
  });
  ctx.bus.on("ai.resolution", async (e) => {
    if (e.resolution === "unresolved") return;
    await queue({
      conversationId: e.conversationId,
      resolvedBy: "ai",
      resolutionKey: `ai:${e.conversationId}:${e.messageId ?? "-"}`,
      agentId: null,
    });
  });
}
