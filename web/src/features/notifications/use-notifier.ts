import type { Notification as AppNotification, NotificationPreferences } from "@switchboard/contracts";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { navigate } from "wouter/use-browser-location";
import { ensureConversation } from "@/features/realtime/apply-event";
import { useRealtimeEvent } from "@/features/realtime/realtime-provider";
import { playChime } from "@/lib/sound";
import type { Conversation, Message } from "@/lib/types";
import { contactName } from "@/lib/utils";
import { type AlertContext, type AlertKind, alertFor } from "./preferences";
import { notificationKeys, useEffectivePreferences } from "./queries";
import { addUnread, clearUnread, useUnreadTotal } from "./unread-store";

const NEW_CONVERSATION_WINDOW = 15_000;

function openConversationId(): string | null {
  const m = /^\/inbox\/([^/]+)/.exec(window.location.pathname);
  return m?.[1] ?? null;
}

function alertContext(conversationId: string): AlertContext {
  const visible = document.visibilityState === "visible";
  return {
    viewing: visible && openConversationId() === conversationId,
    focused: visible && document.hasFocus(),
    permission: "Notification" in window ? Notification.permission : "unsupported",
  };
}

function desktopNotify(title: string, body: string, tag: string, href: string) {
  try {
    const n = new Notification(title, { body, tag, icon: "/favicon.svg" });
    n.onclick = () => {
      window.focus();
      navigate(href);
      n.close();
    };
  } catch {
    // some platforms only allow notifications from a service worker
  }
}

function mentionTitle(n: AppNotification): string {
  const who = n.actor.name ?? "A teammate";
  if (n.type === "mention") return `${who} mentioned you${n.contactName ? ` · ${n.contactName}` : ""}`;
  return `${who} assigned ${n.contactName ?? "a conversation"} to you`;
}

/**
 * Sound, tab title badge and desktop notifications, as the agent chose them (Settings →
 * Notifications, stored on the server): new unassigned conversations, new messages in mine,
 * mentions and assignments.
 */
export function useNotifier(meId: string) {
  const qc = useQueryClient();
  const announcedNew = useRef(new Set<string>());
  const total = useUnreadTotal();
  const prefs = useEffectivePreferences();
  const prefsRef = useRef<NotificationPreferences>(prefs);
  prefsRef.current = prefs;

  useEffect(() => {
    document.title = total > 0 ? `(${total}) Switchboard` : "Switchboard";
  }, [total]);

  const alert = (kind: AlertKind, conversationId: string, desktop: () => void) => {
    const a = alertFor(kind, prefsRef.current, alertContext(conversationId));
    if (a.badge) addUnread(conversationId);
    if (a.sound) playChime();
    if (a.desktop) desktop();
  };

  useRealtimeEvent((event) => {
    // After a reconnect, notifications sent meanwhile were missed: the badge and lists refetch.
    if (event.type === "hello") {
      void qc.invalidateQueries({ queryKey: notificationKeys.all });
      return;
    }
    if (event.type === "notification.created") {
      const n = event.notification;
      void qc.invalidateQueries({ queryKey: notificationKeys.all });
      const href = n.messageId ? `/inbox/${n.conversationId}?message=${n.messageId}` : `/inbox/${n.conversationId}`;
      alert(n.type === "mention" ? "mention" : "assigned", n.conversationId, () =>
        desktopNotify(mentionTitle(n), n.excerpt, n.id, href),
      );
      return;
    }
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
      alert(isNew ? "newConversation" : "newMessage", conv.id, () => messageNotify(conv, msg, isNew));
    });
  });
}

function messageNotify(conv: Conversation, msg: Message, isNew: boolean) {
  desktopNotify(
    isNew ? `New conversation: ${contactName(conv.contact)}` : contactName(conv.contact),
    msg.content || (msg.attachments.length ? "Sent an attachment" : ""),
    conv.id,
    `/inbox/${conv.id}`,
  );
}
