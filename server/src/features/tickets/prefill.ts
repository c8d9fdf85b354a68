import type { Conversation, Message } from "@switchboard/contracts";
import type { Db } from "../../platform/db/client";
import { listMessages } from "../inbox";

/** How much of the thread a prefilled description quotes. */
const QUOTED_MESSAGES = 8;
const SUBJECT_MAX = 120;

const oneLine = (s: string, max: number) => {
  const t = s.replace(/\s+/g, " ").trim();
  return t.length > max ? `${t.slice(0, max - 1).trimEnd()}…` : t;
};

/** The AI's latest handoff summary on the thread (responder/handoff.ts writes it on the private note). */
function aiSummary(messages: Message[]): string | null {
  for (const m of [...messages].reverse()) {
    const ai = m.metadata.ai as { kind?: unknown; summary?: unknown } | undefined;
    if (ai?.kind === "handoff" && typeof ai.summary === "string" && ai.summary.trim()) return ai.summary.trim();
  }
  return null;
}

const who = (m: Message, c: Conversation) =>
  m.senderType === "customer"
    ? (c.contact.name ?? "Customer")
    : m.senderType === "ai"
      ? "AI agent"
      : (m.sender.name ?? "Agent");

/**
 * A ticket made from a conversation starts from the thread: the subject is the AI's handoff summary
 * when there is one, else the customer's first words in the recent thread; the description quotes
 * the last public messages (Markdown blockquotes), under the summary. The agent edits either.
 */
export async function prefillFromConversation(
  db: Db,
  conversation: Conversation,
): Promise<{ subject: string; description: string }> {
  const { items } = await listMessages(db, { conversationId: conversation.id, limit: 30, includePrivate: true });
  const summary = aiSummary(items);
  const said = items.filter((m) => !m.private && m.kind !== "event" && m.content.trim());
  const firstCustomer = said.find((m) => m.senderType === "customer");
  const subject = oneLine(
    summary ?? firstCustomer?.content ?? `Conversation with ${conversation.contact.name ?? "a customer"}`,
    SUBJECT_MAX,
  );
  const quoted = said.slice(-QUOTED_MESSAGES).map((m) => {
    const body = m.content
      .trim()
      .split("\n")
      .map((l) => `> ${l}`)
      .join("\n");
    return `**${who(m, conversation)}** (${m.createdAt.slice(0, 16).replace("T", " ")} UTC):\n${body}`;
  });
  const parts = [summary ? `**AI summary:** ${summary}` : null, quoted.length ? quoted.join("\n\n") : null];
  return { subject: subject || "Conversation", description: parts.filter(Boolean).join("\n\n") };
}
