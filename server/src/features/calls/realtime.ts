import type { AppContext } from "../../platform/context";
import type { Db } from "../../platform/db/client";
import { readCall } from "./queries";

/** Agents and admins (whoever may read GET /api/calls) get call.updated, in every process. */
export function registerCallRealtime(ctx: AppContext) {
  ctx.bus.onEveryProcess("call.updated", ({ call }) =>
    ctx.hub.toAgents({ type: "call.updated", call }, (u) => u.role === "admin" || u.role === "agent"),
  );
  // A phone call's transcript, turn by turn (test-panel sessions, ids `test-…`, are not calls).
  ctx.bus.onEveryProcess("flow.turn", ({ callId, turn }) => {
    if (callId.startsWith("test-")) return;
    ctx.hub.toAgents({ type: "call.turn", callId, turn }, (u) => u.role === "admin" || u.role === "agent");
  });
}

/** After a commit: the call as it now is, to everyone watching. Never throws. */
export async function announceCall(ctx: AppContext, id: string, db: Db = ctx.db): Promise<void> {
  try {
    ctx.bus.emit("call.updated", { call: await readCall(db, id) });
  } catch (err) {
    ctx.log.warn({ err, callId: id }, "call.updated failed");
  }
}

/** Call campaign progress to agents and admins, in every process. */
export function registerCallCampaignRealtime(ctx: AppContext) {
  ctx.bus.onEveryProcess("call_campaign.progress", (e) =>
    ctx.hub.toAgents({ type: "call_campaign.progress", ...e }, (u) => u.role === "admin" || u.role === "agent"),
  );
}
