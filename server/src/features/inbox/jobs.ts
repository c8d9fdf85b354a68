import { and, eq, lte } from "drizzle-orm";
import { z } from "zod";
import type { AppContext } from "../../platform/context";
import { defineJob } from "../../platform/jobs";
import { getConversation } from "./queries";
import { conversations } from "./schema";

/** Wakes a snoozed conversation when its time comes (unless it was re-snoozed later or woken already). */
export const snoozeWakeJob = (ctx: AppContext) =>
  defineJob({
    name: "inbox.snooze-wake",
    schema: z.object({ conversationId: z.uuid(), until: z.iso.datetime() }),
    handler: async ({ conversationId, until }) => {
      const woke = await ctx.db
        .update(conversations)
        .set({ snoozedUntil: null, status: "open", updatedAt: new Date() })
        .where(and(eq(conversations.id, conversationId), lte(conversations.snoozedUntil, new Date(until))))
        .returning({ id: conversations.id });
      if (!woke.length) return;
      const conversation = await getConversation(ctx.db, conversationId);
      if (conversation) ctx.bus.emit("conversation.updated", { conversation });
    },
  });
