import { useSyncExternalStore } from "react";

/** Per-user, per-browser notification preferences (localStorage). */
export interface Prefs {
  sound: boolean;
  desktop: boolean;
  contactPanel: boolean;
}

const defaults: Prefs = { sound: true, desktop: true, contactPanel: true };
let userId = "anon";
let cache: Prefs | null = null;
const listeners = new Set<() => void>();

const key = () => `sb.prefs.${userId}`;

export function setPrefsUser(id: string) {
  if (id === userId) return;
  userId = id;
  cache = null;
  for (const l of listeners) l();
}

export function getPrefs(): Prefs {
  if (cache) return cache;
  try {
    const raw = localStorage.getItem(key());
    cache = { ...defaults, ...(raw ? (JSON.parse(raw) as Partial<Prefs>) : {}) };
  } catch {
    cache = { ...defaults };
  }
  return cache;
}

export function setPrefs(patch: Partial<Prefs>) {
  cache = { ...getPrefs(), ...patch };
  try {
    localStorage.setItem(key(), JSON.stringify(cache));
  } catch {
    // ignore
  }
  for (const l of listeners) l();
}

function subscribe(l: () => void) {
  listeners.add(l);
  return () => listeners.delete(l);
}

export function usePrefs(): Prefs {
  return useSyncExternalStore(subscribe, getPrefs, getPrefs);
}
