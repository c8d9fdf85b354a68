import { type ReactNode, useState } from "react";
import { useLocation } from "wouter";
import { useMe } from "@/features/auth/queries";
import { useNotifier } from "@/features/notifications/use-notifier";
import { ShortcutsDialog } from "@/features/shortcuts/shortcuts-dialog";
import { useHotkeys } from "@/features/shortcuts/use-hotkeys";
import { AvailabilityPrompt } from "./availability-prompt";
import { NavRail } from "./nav-rail";
import { ReconnectBanner } from "./reconnect-banner";

export function AppShell({ children }: { children: ReactNode }) {
  const me = useMe();
  const [help, setHelp] = useState(false);
  useNotifier(me.id);
  const [, setLocation] = useLocation();
  useHotkeys({ "?": () => setHelp(true), "@": () => setLocation("/mentions") });
  return (
    <div className="flex h-full min-w-[1000px] overflow-hidden">
      <NavRail onShowShortcuts={() => setHelp(true)} />
      <div className="relative flex min-w-0 flex-1 flex-col">
        <ReconnectBanner />
        {/* A strip above the page, not an overlay: it covers nothing (no Send button, no list end). */}
        <AvailabilityPrompt />
        <div className="flex min-h-0 min-w-0 flex-1">{children}</div>
      </div>
      <ShortcutsDialog open={help} onOpenChange={setHelp} />
    </div>
  );
}
