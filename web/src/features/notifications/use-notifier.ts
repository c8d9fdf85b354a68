import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { navigate } from "wouter/use-browser-location";
import { ensureConversation } from "@/features/realtime/apply-event";
import { useRealtimeEvent } from "@/features/realtime/realtime-provider";
import { getPrefs } from "@/lib/prefs";
import { playChime } from "@/lib/sound";
import type { Conversation, Message } from "@/lib/types";
import { contactName } from "@/lib/utils";
import { addUnread, clearUnread, useUnreadTotal } from "./unread-store";

const NEW_CONVERSATION_WINDOW = 15_000;

function openConversationId(): string | null {
  const m = /^\/inbox\/([^/]+)/.exec(window.location.pathname);
  return m?.[1] ?? null;
}

function desktopNotify(conv: Conversation, msg: Message, isNew: boolean) {
  if (!("Notification" in window) || Notification.permission !== "granted" || !getPrefs().desktop) return;
  if (document.visibilityState === "visible" && document.hasFocus()) return;
  try {
    const n = new Notification(isNew ? `New conversation: ${contactName(conv.contact)}` : contactName(conv.contact), {
      body: msg.content || (msg.attachments.length ? "Sent an attachment" : ""),
      tag: conv.id,
      icon: "/favicon.svg",
    });
    n.onclick = () => {
      window.focus();
      navigate(`/inbox/${conv.id}`);
      n.close();
    };
  } catch {
    // some platforms only allow notifications from a service worker
  }
}

/** Sound, tab title badge and desktop notifications for my conversations and new unassigned ones. */
export function useNotifier(meId: string) {
  const qc = useQueryClient();
  const announcedNew = useRef(new Set<string>());
  const total = useUnreadTotal();

  useEffect(() => {
    document.title = total > 0 ? `(${total}) Switchboard` : "Switchboard";
  }, [total]);

  useRealtimeEvent((event) => {
    if (event.type === "conversation.updated") {
      if (event.conversation.unreadCount === 0) clearUnread(event.conversation.id);
      return;
    }
    if (event.type !== "message.created") return;
    const msg = event.message;
    if (msg.direction !== "inbound" || msg.private || msg.senderType !== "customer") return;
    void ensureConversation(qc, msg.conversationId, meId).then((conv) => {
      if (!conv) return;
      const mine = conv.assignee?.id === meId;
      const isNew =
        conv.assignee === null &&
        !announcedNew.current.has(conv.id) &&
        Math.abs(new Date(msg.createdAt).getTime() - new Date(conv.createdAt).getTime()) < NEW_CONVERSATION_WINDOW;
      if (!mine && !isNew) return;
      if (isNew) announcedNew.current.add(conv.id);
      const viewing = openConversationId() === conv.id && document.visibilityState === "visible";
      if (viewing) return;
      addUnread(conv.id);
      if (getPrefs().sound) playChime();
      desktopNotify(conv, msg, isNew);
    });
  });
}
