import type { RemoveDemoResult } from "@switchboard/contracts";
import { eq } from "drizzle-orm";
import type { AppContext } from "../../platform/context";
import { deleteUsers } from "../agents";
import { forgetConversations } from "../analytics";
import { type AuditActor, recordAudit } from "../audit";
import { channelsRemoved, removeChannels } from "../channels";
import { deleteContactRows, deleteConversationRows, removeStoredFiles, unassignAgents } from "../inbox";
import { demoRecords, demoState } from "./schema";

/**
 * "Remove demo data": deletes exactly the rows the seed recorded in demo_records, in one
 * transaction with its audit entry. The demo conversations and contacts are deleted (messages and
 * files too), the demo agents deleted (anything assigned to them becomes unassigned), the demo
 * channel removed like any removed channel. Idempotent: a second call finds no records, removes
 * nothing and writes no second audit entry. demo_state.removed_at keeps the seed from ever running again.
 */
export async function removeDemo(ctx: AppContext, actor: AuditActor): Promise<RemoveDemoResult> {
  const { result, files, channels } = await ctx.db.transaction(async (tx) => {
    // Lock the state row: two admins clicking at once remove once.
    await tx.select().from(demoState).where(eq(demoState.id, "demo")).for("update");
    const recs = await tx.select().from(demoRecords);
    const ids = (kind: string) => recs.filter((r) => r.kind === kind).map((r) => r.recordId);
    const none = { conversations: 0, contacts: 0, agents: 0, channels: 0 };
    if (recs.length === 0) return { result: { removed: none }, files: [] as string[], channels: 0 };
    const convFiles = await deleteConversationRows(tx, ids("conversation"));
    await forgetConversations(tx, ids("conversation"));
    const gone = await deleteContactRows(tx, ids("contact"));
    await unassignAgents(tx, ids("user"));
    const agents = await deleteUsers(tx, ids("user"));
    const removedChannels = await removeChannels(tx, ids("channel"));
    await tx.delete(demoRecords);
    await tx
      .insert(demoState)
      .values({ id: "demo", removedAt: new Date() })
      .onConflictDoUpdate({ target: demoState.id, set: { removedAt: new Date() } });
    const removed = {
      conversations: ids("conversation").length,
      contacts: gone.contacts,
      agents,
      channels: removedChannels,
    };
    await recordAudit(tx, actor, {
      action: "demo.removed",
      summary: `Removed the demo data (${removed.conversations} conversations, ${removed.contacts} contacts, ${agents} agents, ${removedChannels} channel)`,
      target: { type: "demo", id: null },
      details: removed,
    });
    return { result: { removed }, files: [...convFiles, ...gone.files], channels: removedChannels };
  });
  if (channels) channelsRemoved(ctx);
  await removeStoredFiles(ctx, files);
  return result;
}
