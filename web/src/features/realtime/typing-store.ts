import { useSyncExternalStore } from "react";

export interface Typist {
  key: string;
  type: "agent" | "customer";
  id: string;
  name: string | null;
  expires: number;
}

const EXPIRY = 6_000;
const byConversation = new Map<string, Typist[]>();
const listeners = new Set<() => void>();
const empty: Typist[] = [];
let sweepTimer: ReturnType<typeof setTimeout> | undefined;

function emit() {
  for (const l of listeners) l();
}

function sweep() {
  const now = Date.now();
  let changed = false;
  let next = Number.POSITIVE_INFINITY;
  for (const [id, list] of byConversation) {
    const alive = list.filter((t) => t.expires > now);
    if (alive.length !== list.length) {
      changed = true;
      if (alive.length) byConversation.set(id, alive);
      else byConversation.delete(id);
    }
    for (const t of alive) next = Math.min(next, t.expires);
  }
  clearTimeout(sweepTimer);
  if (next !== Number.POSITIVE_INFINITY) sweepTimer = setTimeout(sweep, next - now + 20);
  if (changed) emit();
}

export function setTyping(
  conversationId: string,
  actor: { type: "agent" | "customer"; id: string; name: string | null },
  typing: boolean,
) {
  const key = `${actor.type}:${actor.id}`;
  const list = (byConversation.get(conversationId) ?? []).filter((t) => t.key !== key);
  if (typing) list.push({ ...actor, key, expires: Date.now() + EXPIRY });
  if (list.length) byConversation.set(conversationId, list);
  else byConversation.delete(conversationId);
  emit();
  sweep();
}

/** A message from someone means they stopped typing. */
export function clearTyping(conversationId: string, type: "agent" | "customer", id?: string | null) {
  const list = byConversation.get(conversationId);
  if (!list) return;
  const rest = list.filter((t) => !(t.type === type && (id == null || t.id === id)));
  if (rest.length === list.length) return;
  if (rest.length) byConversation.set(conversationId, rest);
  else byConversation.delete(conversationId);
  emit();
}

export function resetTyping() {
  byConversation.clear();
  emit();
}

function subscribe(l: () => void) {
  listeners.add(l);
  return () => listeners.delete(l);
}

export function useTypists(conversationId: string | null): Typist[] {
  return useSyncExternalStore(subscribe, () =>
    conversationId ? (byConversation.get(conversationId) ?? empty) : empty,
  );
}
