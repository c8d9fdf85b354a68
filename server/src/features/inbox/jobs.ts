import { and, eq, lte } from "drizzle-orm";
import { z } from "zod";
import type { AppContext } from "../../platform/context";
import { defineJob } from "../../platform/jobs";
import { getConversation } from "./queries";
import { conversations } from "./schema";
import { announceSystemEvents, insertSystemEvent } from "./system-events";

/** Wakes a snoozed conversation when its time comes (unless it was re-snoozed later or woken already). */
export const snoozeWakeJob = (ctx: AppContext) =>
  defineJob({
    name: "inbox.snooze-wake",
    schema: z.object({ conversationId: z.uuid(), until: z.iso.datetime() }),
    handler: async ({ conversationId, until }) => {
      const before = await getConversation(ctx.db, conversationId);
      const eventId = await ctx.db.transaction(async (tx) => {
        const woke = await tx
          .update(conversations)
          .set({ snoozedUntil: null, status: "open", updatedAt: new Date() })
          .where(and(eq(conversations.id, conversationId), lte(conversations.snoozedUntil, new Date(until))))
          .returning({ id: conversations.id, channelId: conversations.channelId });
        if (!woke.length) return null;
        // The guarded UPDATE makes a retried job a no-op, so the line is written once.
        return insertSystemEvent(tx, woke[0]!, { type: "woken", actor: { type: "system" } }, "Snooze ended");
      });
      if (!eventId) return;
      const conversation = await getConversation(ctx.db, conversationId);
      // `previous` says the snooze ended: a waiting conversation is back in the routing queue (in its place).
      if (conversation && before)
        ctx.bus.emit("conversation.updated", {
          conversation,
          previous: { status: before.status, assignee: before.assignee, snoozedUntil: before.snoozedUntil },
        });
      await announceSystemEvents(ctx, [eventId]);
    },
  });
