import { MessageSquare, PhoneCall } from "lucide-react";
import { Link, useLocation } from "wouter";
import { cn } from "@/lib/utils";

const TABS = [
  { href: "/sandbox", label: "Messaging", icon: MessageSquare },
  { href: "/sandbox/call", label: "Call me", icon: PhoneCall },
] as const;

/** The sandbox's two halves: messaging channels and "call me" phone calls. */
export function SandboxTabs() {
  const [location] = useLocation();
  return (
    <nav aria-label="Sandbox" className="flex w-fit gap-1 rounded-lg border bg-muted/40 p-1 text-[13px]">
      {TABS.map((t) => {
        const active = location === t.href;
        return (
          <Link
            key={t.href}
            href={t.href}
            aria-current={active ? "page" : undefined}
            data-testid={`sandbox-tab-${t.href === "/sandbox" ? "messaging" : "call"}`}
            className={cn(
              "flex items-center gap-1.5 rounded-md px-3 py-1.5 font-medium text-muted-foreground hover:text-foreground",
              active && "bg-background text-foreground shadow-sm",
            )}
          >
            <t.icon className="size-3.5" aria-hidden /> {t.label}
          </Link>
        );
      })}
    </nav>
  );
}
