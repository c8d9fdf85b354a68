import { useEffect } from "react";
import { useSearch } from "wouter";

/**
 * Opening a notification lands on its note: `/inbox/:id?message=<id>` scrolls the thread to that
 * message once it is on screen and flashes it (Web Animations: no stylesheet to share), then drops
 * the parameter so later updates scroll as usual.
 */
export function useFocusMessage(loaded: boolean) {
  const search = useSearch();
  const id = new URLSearchParams(search).get("message");
  useEffect(() => {
    if (!loaded || !id) return;
    const el = document.querySelector<HTMLElement>(`[data-message-id="${CSS.escape(id)}"]`);
    if (!el) return;
    el.scrollIntoView({ block: "center" });
    el.animate?.(
      [
        { backgroundColor: "color-mix(in oklch, var(--color-primary) 18%, transparent)" },
        { backgroundColor: "transparent" },
      ],
      { duration: 2400, easing: "ease-out" },
    );
    const url = new URL(window.location.href);
    url.searchParams.delete("message");
    window.history.replaceState(window.history.state, "", url.pathname + url.search + url.hash);
  }, [loaded, id]);
}
