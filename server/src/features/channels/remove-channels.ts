import { and, inArray, isNull } from "drizzle-orm";
import type { AppContext } from "../../platform/context";
import type { Db } from "../../platform/db/client";
import { invalidateChannels } from "./configs";
import { channels } from "./schema";

/**
 * Removes channels the way an admin's "Remove channel" does (soft: conversations that stay keep
 * their channel), inside the caller's transaction; call `channelsRemoved` after commit.
 */
export async function removeChannels(db: Db, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const rows = await db
    .update(channels)
    .set({ deletedAt: new Date(), enabled: false, externalAccountId: null })
    .where(and(inArray(channels.id, ids), isNull(channels.deletedAt)))
    .returning({ id: channels.id });
  return rows.length;
}

export const channelsRemoved = (ctx: AppContext) => invalidateChannels(ctx);
