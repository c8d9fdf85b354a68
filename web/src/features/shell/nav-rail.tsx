import {
  AtSign,
  ChartColumn,
  BookOpen,
  Contact,
  FileText,
  FlaskConical,
  Inbox,
  Megaphone,
  Phone,
  PhoneCall,
  PhoneForwarded,
  Settings,
  Ticket,
  Timer,
} from "lucide-react";
import type { ReactNode } from "react";
import { Link, useLocation } from "wouter";
import { Logo } from "@/components/logo";
import { Tooltip } from "@/components/ui/tooltip";
import { useUnreadNotifications } from "@/features/notifications/queries";
import { useUnreadTotal } from "@/features/notifications/unread-store";
import { useRealtime } from "@/features/realtime/realtime-provider";
import { useActivityReporter } from "@/features/routing/activity";
import { useWaitingCount } from "@/features/routing/waiting-nav";
import { useSandboxInfo } from "@/features/sandbox/queries";
import { cn } from "@/lib/utils";
import { AvailabilityMenu } from "./availability-menu";
import { ThemeToggle } from "./theme-toggle";
import { UserMenu } from "./user-menu";

function RailLink({
  href,
  match,
  label,
  icon,
  badge,
  testId,
}: {
  testId?: string;
  href: string;
  match: string;
  label: string;
  icon: ReactNode;
  badge?: number;
}) {
  const [location] = useLocation();
  const active = location === match || location.startsWith(`${match}/`);
  return (
    <Tooltip content={label} side="right">
      <Link
        href={href}
        aria-label={label}
        data-testid={testId}
        aria-current={active ? "page" : undefined}
        className={cn(
          "relative flex size-9 items-center justify-center rounded-lg transition-colors outline-none focus-visible:ring-2 focus-visible:ring-ring/60 [&_svg]:size-[18px]",
          active
            ? "bg-primary/10 text-primary dark:bg-primary/20"
            : "text-muted-foreground hover:bg-accent hover:text-foreground",
        )}
      >
        {icon}
        {badge ? (
          <span className="absolute -top-0.5 -right-0.5 flex h-4 min-w-4 items-center justify-center rounded-full bg-red-500 px-1 text-[10px] font-semibold text-white ring-2 ring-sidebar">
            {badge > 99 ? "99+" : badge}
          </span>
        ) : null}
      </Link>
    </Tooltip>
  );
}

function SocketStatus() {
  const { status } = useRealtime();
  const label = status === "connected" ? "Live updates on" : status === "connecting" ? "Connecting…" : "Reconnecting…";
  return (
    <Tooltip content={label} side="right">
      <span
        data-testid="ws-status"
        data-status={status}
        role="status"
        aria-label={label}
        tabIndex={-1}
        className={cn(
          "size-1.5 rounded-full",
          status === "connected"
            ? "bg-emerald-500 opacity-0"
            : status === "connecting"
              ? "bg-zinc-400"
              : "animate-pulse bg-amber-500",
        )}
      />
    </Tooltip>
  );
}

export function NavRail({ onShowShortcuts }: { onShowShortcuts: () => void }) {
  const unread = useUnreadTotal();
  const unreadNotifications = useUnreadNotifications().data;
  const sandbox = useSandboxInfo().data?.enabled;
  const waiting = useWaitingCount();
  useActivityReporter();
  return (
    <nav aria-label="Main" className="flex w-14 shrink-0 flex-col items-center gap-1 border-r bg-sidebar py-3">
      <Link
        href="/inbox"
        aria-label="Switchboard home"
        className="mb-3 rounded-lg outline-none focus-visible:ring-2 focus-visible:ring-ring/60"
      >
        <Logo className="size-8" />
      </Link>
      <RailLink href="/inbox" match="/inbox" label="Inbox" icon={<Inbox />} badge={unread} />
      <RailLink
        href="/waiting"
        match="/waiting"
        label={waiting ? `Waiting (${waiting})` : "Waiting"}
        icon={<Timer />}
        badge={waiting}
        testId="nav-waiting"
      />
      <RailLink
        href="/mentions"
        match="/mentions"
        label="Mentions"
        icon={<AtSign />}
        badge={unreadNotifications}
        testId="nav-mentions"
      />
      <RailLink href="/dashboard" match="/dashboard" label="Dashboard" icon={<ChartColumn />} testId="nav-dashboard" />
      <RailLink href="/tickets" match="/tickets" label="Tickets" icon={<Ticket />} testId="nav-tickets" />
      <RailLink href="/contacts" match="/contacts" label="Contacts" icon={<Contact />} />
      <RailLink href="/templates" match="/templates" label="Templates" icon={<FileText />} testId="nav-templates" />
      <RailLink href="/campaigns" match="/campaigns" label="Campaigns" icon={<Megaphone />} testId="nav-campaigns" />
      <RailLink href="/calls" match="/calls" label="Calls" icon={<Phone />} testId="nav-calls" />
      <RailLink
        href="/call-campaigns"
        match="/call-campaigns"
        label="Call campaigns"
        icon={<PhoneForwarded />}
        testId="nav-call-campaigns"
      />
      <RailLink href="/flows" match="/flows" label="Call flows" icon={<PhoneCall />} testId="nav-flows" />
      <RailLink
        href="/knowledge"
        match="/knowledge"
        label="Knowledge base"
        icon={<BookOpen />}
        testId="nav-knowledge"
      />
      {sandbox ? (
        <RailLink
          href="/sandbox"
          match="/sandbox"
          label="Try it (sandbox)"
          icon={<FlaskConical />}
          testId="nav-sandbox"
        />
      ) : null}
      <RailLink href="/settings/profile" match="/settings" label="Settings" icon={<Settings />} />
      <div className="mt-auto flex flex-col items-center gap-1.5">
        <SocketStatus />
        <ThemeToggle />
        <AvailabilityMenu />
        <div className="mt-1">
          <UserMenu onShowShortcuts={onShowShortcuts} />
        </div>
      </div>
    </nav>
  );
}
