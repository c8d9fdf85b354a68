import { useEffect, useRef } from "react";
import { isTypingTarget } from "@/lib/utils";

type Handlers = Record<string, (e: KeyboardEvent) => void>;

/**
 * Single-key shortcuts. Ignored while typing in a field (Escape there blurs it), with a modifier held,
 * or while a menu or dialog has focus. Handlers live in a ref: no re-binding on every render.
 */
export function useHotkeys(handlers: Handlers, enabled = true) {
  const ref = useRef(handlers);
  ref.current = handlers;
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.metaKey || e.ctrlKey || e.altKey || e.isComposing) return;
      if (isTypingTarget(e.target)) {
        if (e.key === "Escape" && e.target instanceof HTMLElement && !e.target.closest("[role=dialog]"))
          e.target.blur();
        return;
      }
      if (e.target instanceof Element && e.target.closest("[role=menu],[role=dialog],[role=listbox]")) return;
      const handler = ref.current[e.key];
      if (!handler) return;
      e.preventDefault();
      handler(e);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [enabled]);
}
