import { isAiAnswerMessage, type Message, type WidgetMessage } from "@switchboard/contracts";

/** What a visitor may see of a message: no private notes (callers filter), no agent ids. */
export function toWidgetMessage(m: Message, token?: string): WidgetMessage {
  return {
    id: m.id,
    conversationId: m.conversationId,
    from: m.senderType === "customer" ? "visitor" : m.senderType,
    sender: { name: m.senderType === "customer" ? null : m.sender.name, avatarUrl: m.sender.avatarUrl },
    content: m.content,
    attachments: m.attachments.map((a) => ({
      ...a,
      url: token ? `${a.url}?token=${encodeURIComponent(token)}` : a.url,
    })),
    status: m.status,
    createdAt: m.createdAt,
    ...(isAiAnswerMessage(m) ? { aiAnswer: true } : {}),
  };
}
