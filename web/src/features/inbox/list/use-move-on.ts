import { useMutationState } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { useLocation } from "wouter";
import { nextAfterLeaving } from "./selection";

/**
 * When the open conversation leaves the list because of something this agent just did (resolve,
 * snooze, pending, assign away, a bulk action including it), open the next one in the list, or
 * the empty state when none is left. Changes made by others leave the thread where it is: jumping
 * away while someone reads or types would lose their place.
 */
export function useMoveOn(selectedId: string | null, order: string[]) {
  const [, navigate] = useLocation();
  const previous = useRef<string[]>(order);
  // The ids my own successful mutations touched (single: {id}; bulk: {ids}), newest last.
  const acted = useMutationState({
    filters: { status: "success" },
    select: (m) => {
      const v = m.state.variables as { id?: string; ids?: string[] } | undefined;
      return { at: m.state.submittedAt, ids: v?.ids ?? (v?.id ? [v.id] : []) };
    },
  });
  const actedRef = useRef(acted);
  actedRef.current = acted;

  useEffect(() => {
    const before = previous.current;
    previous.current = order;
    if (!selectedId || order.includes(selectedId) || !before.includes(selectedId)) return;
    const recent = actedRef.current.some((a) => a.ids.includes(selectedId) && Date.now() - a.at < 30_000);
    if (!recent) return;
    const next = nextAfterLeaving(before, order, selectedId);
    navigate(next ? `/inbox/${next}` : "/inbox");
  }, [order, selectedId, navigate]);
}
