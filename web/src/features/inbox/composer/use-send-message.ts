import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useRef, useState } from "react";
import { toast } from "sonner";
import { ApiError, api, errorMessage } from "@/lib/api";
import { qk } from "@/lib/query-keys";
import type { Attachment, Conversation, Message, TemplateSendInput, User } from "@/lib/types";
import { bumpConversation, removeMessage, upsertMessage } from "../cache";

export interface Outgoing {
  /** For a template: the rendered body, shown until the server's copy arrives. */
  content: string;
  private: boolean;
  attachments: Attachment[];
  template?: TemplateSendInput;
  /** Teammates @mentioned in a private note (user ids). */
  mentions?: string[];
}

/** The server refused free text because the window closed: reflect it so the composer turns into the template picker. */
function closeWindow(qc: ReturnType<typeof useQueryClient>, conversationId: string, err: ApiError) {
  const d = (err.details ?? {}) as { closesAt?: string | null; templatesOnly?: boolean };
  qc.setQueryData<Conversation>(qk.conversation(conversationId), (c) =>
    c
      ? {
          ...c,
          replyWindow: {
            ...c.replyWindow,
            open: false,
            closesAt: d.closesAt ?? c.replyWindow?.closesAt ?? null,
            templatesOnly: d.templatesOnly ?? c.replyWindow?.templatesOnly ?? false,
          },
        }
      : c,
  );
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
        kind: out.template ? "template" : out.attachments.length && !out.content ? "media" : "text",
        metadata: out.template ? { template: out.template } : {},
        createdAt: new Date().toISOString(),
      } as Message;
      upsertMessage(qc, optimistic);
      setInFlight((n) => n + 1);
      const run = async () => {
        try {
          const msg = await api<Message>(`/api/conversations/${conversationId}/messages`, {
            method: "POST",
            body: out.template
              ? { content: "", private: false, template: out.template }
              : {
                  content: out.content,
                  private: out.private,
                  attachmentIds: out.attachments.map((a) => a.id),
                  ...(out.private && out.mentions?.length ? { mentions: out.mentions } : {}),
                },
          });
          removeMessage(qc, conversationId, id);
          upsertMessage(qc, msg, { ifAbsent: true });
          bumpConversation(qc, msg, me.id);
        } catch (err) {
          removeMessage(qc, conversationId, id);
          if (err instanceof ApiError && err.code === "reply_window_closed") {
            closeWindow(qc, conversationId, err);
            toast.error("The reply window has closed", {
              description: (err.details as { templatesOnly?: boolean } | undefined)?.templatesOnly
                ? "Pick an approved template instead. Your text is still in the composer."
                : err.message,
            });
          } else toast.error(`Message not sent: ${errorMessage(err)}`);
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
