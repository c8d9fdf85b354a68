import type { Db } from "../../platform/db/client";
import { medianRoutingWaitSeconds } from "../inbox";

/**
 * Minutes a customer handed to people can expect to wait: the median wait of the last hour's
 * assignments (the latest 200), in whole minutes, at least 1; null without any. Read from
 * PostgreSQL, so every process tells the same wait whichever one assigned those conversations.
 */
export async function expectedWaitMinutes(db: Db): Promise<number | null> {
  const median = await medianRoutingWaitSeconds(db, { withinMs: 3600_000, sample: 200 });
  return median === null ? null : Math.max(1, Math.ceil(median / 60));
}
