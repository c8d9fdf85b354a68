import { sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client";

export interface LiveConversationCounts {
  open: number;
  /** Open conversations whose customer waits for an answer (waiting_since set), and the longest wait. */
  waiting: number;
  longestWaitSeconds: number | null;
  unassigned: number;
  aiHandling: number;
}

/** The dashboard's live conversation tiles, one statement over the open conversations (status index). */
export async function liveConversationCounts(db: Db, now: Date): Promise<LiveConversationCounts> {
  const r = (await db.execute(sql`
    select count(*)::int as open,
      count(*) filter (where waiting_since is not null)::int as waiting,
      min(waiting_since) as oldest,
      count(*) filter (where assignee_id is null)::int as unassigned,
      count(*) filter (where handler = 'ai')::int as ai
    from conversations where status = 'open'`)) as unknown as {
    rows: { open: number; waiting: number; oldest: string | Date | null; unassigned: number; ai: number }[];
  };
  const row = r.rows[0];
  const oldest = row?.oldest ? new Date(row.oldest) : null;
  return {
    open: Number(row?.open ?? 0),
    waiting: Number(row?.waiting ?? 0),
    longestWaitSeconds: oldest ? Math.max(0, Math.floor((now.getTime() - oldest.getTime()) / 1000)) : null,
    unassigned: Number(row?.unassigned ?? 0),
    aiHandling: Number(row?.ai ?? 0),
  };
}
