import { WifiOff } from "lucide-react";
import { useEffect, useState } from "react";
import { useLocation } from "wouter";
import { useRealtime } from "@/features/realtime/realtime-provider";

/** Shown when the live connection has been down for more than a moment. */
export function ReconnectBanner() {
  const { status } = useRealtime();
  // The inbox says it under its list, in the flow, where it covers nothing (list/conversation-list.tsx).
  const inbox = useLocation()[0].startsWith("/inbox");
  const down = status === "reconnecting";
  const [show, setShow] = useState(false);
  useEffect(() => {
    if (!down) {
      setShow(false);
      return;
    }
    const t = setTimeout(() => setShow(true), 1200);
    return () => clearTimeout(t);
  }, [down]);
  if (!show || inbox) return null;
  return (
    <div
      role="status"
      data-testid="ws-banner"
      className="pointer-events-none absolute bottom-3 left-3 z-40 flex items-center gap-2 rounded-full border border-amber-300 bg-amber-50 px-3 py-1 text-xs font-medium text-amber-900 shadow-md dark:border-amber-500/40 dark:bg-amber-950 dark:text-amber-200"
    >
      <WifiOff className="size-3.5" />
      Reconnecting… messages will catch up automatically.
    </div>
  );
}
