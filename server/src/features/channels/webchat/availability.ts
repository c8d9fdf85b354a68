import type { WidgetAvailability } from "@switchboard/contracts";
import type { Db } from "../../../platform/db/client";
import { teamPresence } from "../../agents";
import { typicalFirstReply } from "../../inbox";

/**
 * What the widget may truthfully promise a visitor:
 * - an agent is online: "online now";
 * - no one online, but someone is away (at work, not taking new chats) and the channel's real first
 *   replies give a median: "typically replies in …";
 * - everyone offline, or no reply history to go by: "away: leave a message".
 * A median is never shown while everyone is offline: at 3 a.m. "typically replies in 4 minutes" is false.
 */
export async function widgetAvailability(db: Db, channelId: string): Promise<WidgetAvailability> {
  const [team, typical] = await Promise.all([teamPresence(db), typicalFirstReply(db, channelId)]);
  if (team.online > 0) return { state: "online", typicalReplySeconds: typical.seconds };
  if (team.away > 0 && typical.seconds !== null) return { state: "replies_in", typicalReplySeconds: typical.seconds };
  return { state: "away", typicalReplySeconds: typical.seconds };
}
