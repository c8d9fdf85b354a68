import {
  Bell,
  Bot,
  FlaskConical,
  KeyRound,
  Phone,
  MessageSquareText,
  Plug,
  ScrollText,
  Star,
  Tag,
  Ticket,
  Timer,
  UserRound,
  Users,
  UsersRound,
  Webhook,
} from "lucide-react";
import type { ReactNode } from "react";
import { Link, Redirect, Route, Switch, useLocation } from "wouter";
import { AiSettingsPage } from "@/features/ai/settings-page";
import { CallSettingsPage } from "@/features/calls/settings-page";
import { CsatSettingsPage } from "@/features/csat/settings-page";
import { useMe } from "@/features/auth/queries";
import { DemoSettingsPage } from "@/features/contacts/demo-data";
import { cn } from "@/lib/utils";
import { AgentsPage } from "./agents/agents-page";
import { CannedResponsesPage } from "./canned-responses/canned-responses-page";
import { ChannelDetailPage } from "./channels/channel-detail-page";
import { ChannelsPage } from "./channels/channels-page";
import { LabelsPage } from "@/features/labels/labels-page";
import { NotificationsPage } from "./profile/notification-settings";
import { ApiTokensPage } from "./integrations/api-tokens-page";
import { AuditLogPage } from "./integrations/audit-log-page";
import { WebhooksPage } from "./integrations/webhooks-page";
import { ProfilePage } from "./profile/profile-page";
import { TeamsPage } from "@/features/routing/teams-page";
import { SlaSettingsPage } from "@/features/sla/sla-settings-page";
import { TicketSettingsPage } from "@/features/tickets/notice-settings";

function NavItem({ href, icon, children }: { href: string; icon: ReactNode; children: ReactNode }) {
  const [location] = useLocation();
  const active = location === href || location.startsWith(`${href}/`);
  return (
    <Link
      href={href}
      aria-current={active ? "page" : undefined}
      className={cn(
        "flex h-8 items-center gap-2 rounded-md px-2.5 text-[13px] font-medium outline-none focus-visible:ring-2 focus-visible:ring-ring/50 [&_svg]:size-4",
        active ? "bg-accent text-foreground" : "text-muted-foreground hover:bg-accent/60 hover:text-foreground",
      )}
    >
      {icon}
      {children}
    </Link>
  );
}

export default function SettingsRoutes() {
  const me = useMe();
  const admin = me.role === "admin";
  return (
    <div className="flex h-full min-w-0 flex-1">
      <aside className="flex w-56 shrink-0 flex-col gap-4 border-r bg-sidebar px-3 py-4">
        <h1 className="px-2.5 text-[15px] font-semibold tracking-tight">Settings</h1>
        <nav aria-label="Settings" className="flex flex-col gap-0.5">
          <p className="px-2.5 pb-1 text-[11px] font-semibold tracking-wide text-muted-foreground uppercase">
            Personal
          </p>
          <NavItem href="/settings/profile" icon={<UserRound />}>
            Profile
          </NavItem>
          <NavItem href="/settings/notifications" icon={<Bell />}>
            Notifications
          </NavItem>
          <NavItem href="/settings/canned-responses" icon={<MessageSquareText />}>
            Canned responses
          </NavItem>
          <NavItem href="/settings/api-tokens" icon={<KeyRound />}>
            API tokens
          </NavItem>
          {admin ? null : (
            <NavItem href="/settings/teams" icon={<UsersRound />}>
              Teams
            </NavItem>
          )}
          {admin ? (
            <>
              <p className="mt-4 px-2.5 pb-1 text-[11px] font-semibold tracking-wide text-muted-foreground uppercase">
                Workspace
              </p>
              <NavItem href="/settings/agents" icon={<Users />}>
                Agents
              </NavItem>
              <NavItem href="/settings/teams" icon={<UsersRound />}>
                Teams
              </NavItem>
              <NavItem href="/settings/channels" icon={<Plug />}>
                Channels
              </NavItem>
              <NavItem href="/settings/ai" icon={<Bot />}>
                AI agent
              </NavItem>
              <NavItem href="/settings/calls" icon={<Phone />}>
                Calls
              </NavItem>
              <NavItem href="/settings/csat" icon={<Star />}>
                CSAT
              </NavItem>
              <NavItem href="/settings/sla" icon={<Timer />}>
                SLA
              </NavItem>
              <NavItem href="/settings/tickets" icon={<Ticket />}>
                Tickets
              </NavItem>
              <NavItem href="/settings/labels" icon={<Tag />}>
                Labels
              </NavItem>
              <NavItem href="/settings/webhooks" icon={<Webhook />}>
                Webhooks
              </NavItem>
              <NavItem href="/settings/audit-log" icon={<ScrollText />}>
                Audit log
              </NavItem>
              <NavItem href="/settings/demo" icon={<FlaskConical />}>
                Demo data
              </NavItem>
            </>
          ) : null}
        </nav>
      </aside>
      <main className="scrollbar-thin min-w-0 flex-1 overflow-y-auto">
        <Switch>
          <Route path="/settings/profile" component={ProfilePage} />
          <Route path="/settings/canned-responses" component={CannedResponsesPage} />
          <Route path="/settings/notifications" component={NotificationsPage} />
          <Route path="/settings/agents">{admin ? <AgentsPage /> : <Redirect to="/settings/profile" replace />}</Route>
          <Route path="/settings/channels">
            {admin ? <ChannelsPage /> : <Redirect to="/settings/profile" replace />}
          </Route>
          <Route path="/settings/ai">{admin ? <AiSettingsPage /> : <Redirect to="/settings/profile" replace />}</Route>
          <Route path="/settings/calls">
            {admin ? <CallSettingsPage /> : <Redirect to="/settings/profile" replace />}
          </Route>
          <Route path="/settings/csat">
            {admin ? <CsatSettingsPage /> : <Redirect to="/settings/profile" replace />}
          </Route>
          <Route path="/settings/sla">
            {admin ? <SlaSettingsPage /> : <Redirect to="/settings/profile" replace />}
          </Route>
          <Route path="/settings/tickets">
            {admin ? <TicketSettingsPage /> : <Redirect to="/settings/profile" replace />}
          </Route>
          <Route path="/settings/labels">{admin ? <LabelsPage /> : <Redirect to="/settings/profile" replace />}</Route>
          <Route path="/settings/demo">
            {admin ? <DemoSettingsPage /> : <Redirect to="/settings/profile" replace />}
          </Route>
          <Route path="/settings/channels/:id">
            {(params) => (admin ? <ChannelDetailPage id={params.id} /> : <Redirect to="/settings/profile" replace />)}
          </Route>
          <Route path="/settings/api-tokens" component={ApiTokensPage} />
          <Route path="/settings/teams" component={TeamsPage} />
          <Route path="/settings/webhooks">
            {admin ? <WebhooksPage /> : <Redirect to="/settings/profile" replace />}
          </Route>
          <Route path="/settings/audit-log">
            {admin ? <AuditLogPage /> : <Redirect to="/settings/profile" replace />}
          </Route>
          <Route>
            <Redirect to="/settings/profile" replace />
          </Route>
        </Switch>
      </main>
    </div>
  );
}
