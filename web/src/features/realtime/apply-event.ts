import type { ConversationAi } from "@switchboard/contracts";
import type { QueryClient } from "@tanstack/react-query";
import {
  bumpConversation,
  dropConversation,
  findConversation,
  scheduleListRefresh,
  upsertConversation,
  upsertMessage,
} from "@/features/inbox/cache";
import { conversationAiKey } from "@/features/inbox/thread/ai-feedback";
import { callDashboardKey, withTurn } from "@/features/calls/queries";
import { slaKey } from "@/features/sla/sla-badge";
import { api } from "@/lib/api";
import { qk } from "@/lib/query-keys";
import type { AgentSummary, Conversation, Me, ServerEvent } from "@/lib/types";
import { clearTyping, setTyping } from "./typing-store";

/** Fetches (once, shared) a conversation the caches don't know yet, and puts it in the lists it belongs to. */
export async function ensureConversation(qc: QueryClient, id: string, meId: string): Promise<Conversation | undefined> {
  const known = findConversation(qc, id);
  if (known) return known;
  try {
    const conv = await qc.fetchQuery({
      queryKey: qk.conversation(id),
      queryFn: () => api<Conversation>(`/api/conversations/${id}`),
      staleTime: 5_000,
    });
    upsertConversation(qc, conv, meId, false);
    return conv;
  } catch {
    scheduleListRefresh(qc, 500);
    return undefined;
  }
}

/** Turns a server event into cache patches. Events are signals: lists are also refetched (debounced). */
export function applyEvent(qc: QueryClient, event: ServerEvent, meId: string) {
  switch (event.type) {
    case "message.created":
    case "message.updated": {
      const msg = event.message;
      upsertMessage(qc, msg);
      if (event.type === "message.created") {
        if (msg.senderType === "customer") clearTyping(msg.conversationId, "customer");
        else if (msg.senderType === "agent") clearTyping(msg.conversationId, "agent", msg.sender.id);
        if (findConversation(qc, msg.conversationId)) bumpConversation(qc, msg, meId);
        else void ensureConversation(qc, msg.conversationId, meId);
        void qc.invalidateQueries({ queryKey: qk.contacts, refetchType: "none" });
      }
      break;
    }
    case "conversation.updated":
      upsertConversation(qc, event.conversation, meId);
      break;
    case "conversation.removed":
      dropConversation(qc, event.conversationId);
      break;
    case "visibility.changed":
      // What this agent may see changed (an admin's setting, a team): everything conversation-shaped refetches.
      void qc.invalidateQueries({ queryKey: qk.conversations });
      void qc.invalidateQueries({ queryKey: qk.me });
      break;
    case "presence.updated": {
      qc.setQueryData<{ items: AgentSummary[] }>(qk.agents, (data) =>
        data
          ? { items: data.items.map((a) => (a.id === event.userId ? { ...a, availability: event.availability } : a)) }
          : data,
      );
      if (event.userId === meId) {
        qc.setQueryData<Me | null>(qk.me, (me) =>
          me ? { user: { ...me.user, availability: event.availability } } : me,
        );
      }
      break;
    }
    case "template.updated":
    case "template.removed":
      // The templates page refetches its (small) list: status and quality badges move live.
      void qc.invalidateQueries({ queryKey: ["templates"] });
      return;
    case "ai.feedback.updated": {
      // Someone marked (or withdrew) "wrong" on an AI answer: the open thread's badge follows.
      const { messageId, wrong } = event;
      qc.setQueryData<ConversationAi>(conversationAiKey(event.conversationId), (old) =>
        old
          ? {
              ...old,
              feedback: [
                ...old.feedback.filter((f) => f.messageId !== messageId),
                ...(wrong.length ? [{ messageId, wrong, mine: wrong.find((w) => w.user.id === meId) ?? null }] : []),
              ],
            }
          : old,
      );
      break;
    }
    case "ticket.created":
    case "ticket.updated":
      // The ticket list and an open ticket refetch (small pages; the detail carries the timeline).
      void qc.invalidateQueries({ queryKey: ["tickets"] });
      break;
    case "call.updated":
      // The calls list and an open call page refetch (a live status; the page carries the timeline).
      void qc.invalidateQueries({ queryKey: ["calls"] });
      break;
    case "call_campaign.progress":
      // A campaign's counts moved: its page, its targets and the list refetch (small payloads).
      void qc.invalidateQueries({ queryKey: ["calls", "campaigns"] });
      void qc.invalidateQueries({ queryKey: callDashboardKey });
      break;
    case "call.turn":
      // The live dashboard's transcript grows in place (no refetch per turn).
      qc.setQueryData(callDashboardKey, (d: Parameters<typeof withTurn>[0]) => withTurn(d, event.callId, event.turn));
      break;
    case "reports.changed":
      // At most about one a second (throttled on the server): tiles, charts and an open drill-down refetch.
      void qc.invalidateQueries({ queryKey: ["reports"] });
      break;
    case "sla.changed":
    case "sla.warning":
    case "sla.breached":
      // Badges follow at once: a conversation's has its own cache entry; tickets refetch their (small) pages.
      if (event.subjectType === "conversation") qc.setQueryData(slaKey("conversation", event.subjectId), event.sla);
      else void qc.invalidateQueries({ queryKey: ["tickets"] });
      break;
    case "typing":
      if (event.actor.type === "agent" && event.actor.id === meId) break;
      setTyping(event.conversationId, event.actor, event.typing);
      break;
    default:
      break;
  }
}
