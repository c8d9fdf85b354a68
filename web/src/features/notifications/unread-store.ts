import { useSyncExternalStore } from "react";

/** New customer messages the agent has been notified about and not yet looked at, per conversation. */
const counts = new Map<string, number>();
const listeners = new Set<() => void>();
let total = 0;

function emit() {
  total = 0;
  for (const n of counts.values()) total += n;
  for (const l of listeners) l();
}

export function addUnread(conversationId: string) {
  counts.set(conversationId, (counts.get(conversationId) ?? 0) + 1);
  emit();
}

export function clearUnread(conversationId: string) {
  if (counts.delete(conversationId)) emit();
}

export function resetUnread() {
  counts.clear();
  emit();
}

function subscribe(l: () => void) {
  listeners.add(l);
  return () => listeners.delete(l);
}

export function useUnreadTotal(): number {
  return useSyncExternalStore(subscribe, () => total);
}
