import { useQueryClient } from "@tanstack/react-query";
import { createContext, type ReactNode, useContext, useEffect, useMemo, useRef, useState } from "react";
import type { MessagesData } from "@/features/inbox/cache";
import { api } from "@/lib/api";
import { qk } from "@/lib/query-keys";
import type { ClientEvent, ServerEvent } from "@/lib/types";
import { applyEvent } from "./apply-event";
import { RealtimeSocket, type SocketStatus } from "./socket";
import { resetTyping } from "./typing-store";

type Listener = (event: ServerEvent) => void;

interface RealtimeState {
  status: SocketStatus;
  send: (event: ClientEvent) => boolean;
  subscribe: (l: Listener) => () => void;
}

const RealtimeContext = createContext<RealtimeState | null>(null);

function hasPending(data: unknown): boolean {
  const pages = (data as MessagesData | undefined)?.pages ?? [];
  return pages.some((p) => p.items.some((m) => m.direction === "outbound" && m.status === "queued"));
}

export function RealtimeProvider({ meId, children }: { meId: string; children: ReactNode }) {
  const qc = useQueryClient();
  const [status, setStatus] = useState<SocketStatus>("connecting");
  const listeners = useRef(new Set<Listener>());
  const socketRef = useRef<RealtimeSocket | null>(null);
  const hellos = useRef(0);
  const meRef = useRef(meId);
  meRef.current = meId;

  useEffect(() => {
    const socket = new RealtimeSocket({
      onEvent: (event) => {
        // The server only sends events once it says hello: anything emitted before (page just loaded,
        // or while reconnecting) is missed, so refetch from here rather than from the socket opening.
        if (event.type === "hello") {
          if (hellos.current++ === 0)
            void qc.invalidateQueries({ queryKey: qk.messagesAll, predicate: (q) => hasPending(q.state.data) });
          else {
            void qc.invalidateQueries({ queryKey: qk.conversations });
            void qc.invalidateQueries({ queryKey: qk.messagesAll });
            void qc.invalidateQueries({ queryKey: qk.agents });
          }
        }
        applyEvent(qc, event, meRef.current);
        for (const l of listeners.current) l(event);
      },
      onStatus: setStatus,
      onReconnected: resetTyping,
      onRepeatedFailure: () => {
        // A refused upgrade looks like a network error: ask the API, which redirects to /login on 401.
        void api("/api/me").catch(() => undefined);
      },
    });
    socketRef.current = socket;
    socket.start();
    return () => {
      socket.stop();
      socketRef.current = null;
    };
  }, [qc]);

  const stable = useMemo(
    () => ({
      send: (event: ClientEvent) => socketRef.current?.send(event) ?? false,
      subscribe: (l: Listener) => {
        listeners.current.add(l);
        return () => {
          listeners.current.delete(l);
        };
      },
    }),
    [],
  );
  const value = useMemo<RealtimeState>(() => ({ ...stable, status }), [stable, status]);

  return <RealtimeContext.Provider value={value}>{children}</RealtimeContext.Provider>;
}

export function useRealtime(): RealtimeState {
  const ctx = useContext(RealtimeContext);
  if (!ctx) throw new Error("useRealtime outside RealtimeProvider");
  return ctx;
}

/** Subscribe to server events; the handler lives in a ref so it never resubscribes. */
export function useRealtimeEvent(handler: Listener) {
  const { subscribe } = useRealtime();
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => subscribe((e) => ref.current(e)), [subscribe]);
}
