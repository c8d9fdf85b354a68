import type { RoutingQueue } from "@switchboard/contracts";
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
    // A conversation matters to the queue when it is queued now or was in it (taken, resolved...).
    const inQueue = (id: string) =>
      qc.getQueryData<RoutingQueue>(routingKeys.queue)?.items.some((i) => i.conversation.id === id) ?? false;
    const queue =
      e.type === "hello" ||
      (e.type === "conversation.updated" && (e.conversation.queuedAt !== null || inQueue(e.conversation.id)));
    const teams = queue || e.type === "conversation.updated" || e.type === "presence.updated";
    if (!teams) return;
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      timer.current = null;
      if (queue) void qc.invalidateQueries({ queryKey: routingKeys.queue });
      void qc.invalidateQueries({ queryKey: routingKeys.teams });
    }, 300);
  });
}
