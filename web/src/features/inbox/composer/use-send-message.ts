import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useRef, useState } from "react";
import { toast } from "sonner";
import { api, errorMessage } from "@/lib/api";
import type { Attachment, Message, User } from "@/lib/types";
import { bumpConversation, removeMessage, upsertMessage } from "../cache";

export interface Outgoing {
  content: string;
  private: boolean;
  attachments: Attachment[];
}

function tempId() {
  return `temp-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

/**
 * Sends messages in order (a queue, so fast typists never lose or reorder a message), showing each one
 * optimistically until the server's copy replaces it.
 */
export function useSendMessage(conversationId: string, me: User, onFailed: (out: Outgoing) => void) {
  const qc = useQueryClient();
  const queue = useRef<Promise<void>>(Promise.resolve());
  const [inFlight, setInFlight] = useState(0);
  const failedRef = useRef(onFailed);
  failedRef.current = onFailed;

  const send = useCallback(
    (out: Outgoing) => {
      const id = tempId();
      const optimistic = {
        id,
        conversationId,
        direction: "outbound",
        senderType: "agent",
        sender: { id: me.id, name: me.name, avatarUrl: me.avatarUrl },
        private: out.private,
        content: out.content,
        attachments: out.attachments,
        status: "queued",
        error: null,
        kind: out.attachments.length && !out.content ? "media" : "text",
        metadata: {},
        createdAt: new Date().toISOString(),
      } as Message;
      upsertMessage(qc, optimistic);
      setInFlight((n) => n + 1);
      const run = async () => {
        try {
          const msg = await api<Message>(`/api/conversations/${conversationId}/messages`, {
            method: "POST",
            body: { content: out.content, private: out.private, attachmentIds: out.attachments.map((a) => a.id) },
          });
          removeMessage(qc, conversationId, id);
          upsertMessage(qc, msg);
          bumpConversation(qc, msg, me.id);
        } catch (err) {
          removeMessage(qc, conversationId, id);
          toast.error(`Message not sent: ${errorMessage(err)}`);
          failedRef.current(out);
        } finally {
          setInFlight((n) => n - 1);
        }
      };
      queue.current = queue.current.then(run);
    },
    [conversationId, me.id, me.name, me.avatarUrl, qc],
  );

  return { send, sending: inFlight > 0 };
}
