import type { Conversation } from "@switchboard/contracts";
import type { AppContext } from "../../../platform/context";
import { AppError } from "../../../platform/errors";
import { getVisibleConversation, listMessages } from "../../inbox";

export interface ThreadLine {
  role: "customer" | "ai" | "agent";
  content: string;
}

/**
 * The conversation and its recent public thread (no private notes, no activity lines), oldest first.
 * A conversation the agent cannot see is "not found", like the conversation itself.
 */
export async function loadThread(
  ctx: AppContext,
  user: { id: string },
  id: string,
): Promise<{ conversation: Conversation; lines: ThreadLine[] }> {
  const conversation = await getVisibleConversation(ctx.db, user, id);
  const page = await listMessages(ctx.db, { conversationId: id, limit: 40, includePrivate: false });
  const lines: ThreadLine[] = [];
  for (const m of page.items) {
    const content = m.content.trim();
    if (!content || m.senderType === "system") continue;
    lines.push({ role: m.senderType, content });
  }
  if (!lines.length) throw new AppError("bad_request", "This conversation has no messages yet");
  return { conversation, lines };
}

/** The customer's last messages (one burst), the question a suggestion answers. */
export function lastCustomerText(lines: ThreadLine[]): string {
  const out: string[] = [];
  for (let i = lines.length - 1; i >= 0; i--) {
    const l = lines[i]!;
    if (l.role !== "customer") {
      if (out.length) break;
      continue;
    }
    out.unshift(l.content);
    if (out.length >= 3) break;
  }
  return out.join("\n");
}
