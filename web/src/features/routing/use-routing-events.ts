import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { useRealtimeEvent } from "@/features/realtime/realtime-provider";
import { routingKeys } from "./queries";

/**
 * Keeps the queue and the teams fresh from realtime events: a conversation changing (queued, taken,
 * assigned, resolved) or an agent's availability. Events come in bursts (a routing drain assigns
 * many at once), so refetches are debounced.
 */
export function useRoutingEvents() {
  const qc = useQueryClient();
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  useRealtimeEvent((e) => {
    const queue = e.type === "conversation.updated" || e.type === "hello";
    const teams = queue || e.type === "presence.updated";
    if (!teams) return;
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      timer.current = null;
      if (queue) void qc.invalidateQueries({ queryKey: routingKeys.queue });
      void qc.invalidateQueries({ queryKey: routingKeys.teams });
    }, 300);
  });
}
