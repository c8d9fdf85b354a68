import { useCallback, useEffect, useRef } from "react";
import { useRealtime } from "@/features/realtime/realtime-provider";

const THROTTLE = 2_000;
const IDLE = 4_000;

/** Sends typing:true at most every 2 s while typing, typing:false on stop (send, blur, 4 s idle, leaving). */
export function useTypingEmitter(conversationId: string) {
  const { send } = useRealtime();
  const lastSent = useRef(0);
  const active = useRef(false);
  const idle = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const stop = useCallback(() => {
    clearTimeout(idle.current);
    if (!active.current) return;
    active.current = false;
    lastSent.current = 0;
    send({ type: "typing", conversationId, typing: false });
  }, [conversationId, send]);

  const ping = useCallback(() => {
    const now = Date.now();
    if (!active.current || now - lastSent.current > THROTTLE) {
      if (send({ type: "typing", conversationId, typing: true })) {
        active.current = true;
        lastSent.current = now;
      }
    }
    clearTimeout(idle.current);
    idle.current = setTimeout(stop, IDLE);
  }, [conversationId, send, stop]);

  useEffect(() => stop, [stop]);
  return { ping, stop };
}
