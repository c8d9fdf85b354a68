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
    ...(surveyIdOf(m.metadata) ? { survey: { id: surveyIdOf(m.metadata)! } } : {}),
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The CSAT survey a message asks (features/csat writes `metadata.csat.surveyId`). */
function surveyIdOf(metadata: Record<string, unknown>): string | null {
  const id = (metadata.csat as { surveyId?: unknown } | undefined)?.surveyId;
  return typeof id === "string" && UUID.test(id) ? id : null;
}
