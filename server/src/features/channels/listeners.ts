import type { AppContext } from "../../platform/context";
import { queueDelivery } from "./job-definitions";

/** Outbound messages stored as queued are handed to the deliver-message job, after commit. */
export function registerChannelListeners(ctx: AppContext) {
  ctx.bus.on("message.created", async ({ message }) => {
    if (message.direction === "outbound" && !message.private && message.status === "queued") {
      await queueDelivery(ctx, message.id);
    }
  });
  // Templates are the business account's, not a conversation's: every agent may list them.
  ctx.bus.onEveryProcess("template.updated", ({ template }) =>
    ctx.hub.toAgents({ type: "template.updated", template }),
  );
  ctx.bus.onEveryProcess("template.removed", ({ templateId }) =>
    ctx.hub.toAgents({ type: "template.removed", templateId }),
  );
}
