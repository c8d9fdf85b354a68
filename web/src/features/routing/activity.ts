import { useEffect } from "react";
import { api } from "@/lib/api";

const EVERY_MS = 60_000;

/**
 * Tells the server the agent is at the console (a key, a click, coming back to the tab), at most
 * once a minute: auto-away after inactivity counts from the last of these. Background work
 * (realtime refetches) never counts, so an unattended console does go away.
 */
export function useActivityReporter() {
  useEffect(() => {
    let last = 0;
    const report = () => {
      const now = Date.now();
      if (now - last < EVERY_MS) return;
      last = now;
      void api("/api/me/activity", { method: "POST", redirectOn401: false }).catch(() => undefined);
    };
    const onVisible = () => document.visibilityState === "visible" && report();
    window.addEventListener("keydown", report, { passive: true });
    window.addEventListener("pointerdown", report, { passive: true });
    window.addEventListener("focus", report);
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      window.removeEventListener("keydown", report);
      window.removeEventListener("pointerdown", report);
      window.removeEventListener("focus", report);
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, []);
}
