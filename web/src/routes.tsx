import { lazy, Suspense, useEffect } from "react";
import { Redirect, Route, Switch, useLocation } from "wouter";
import { ErrorState } from "@/components/states";
import { Spinner } from "@/components/ui/spinner";
import { ChangePasswordPage } from "@/features/auth/change-password-page";
import { LoginPage } from "@/features/auth/login-page";
import { useMeQuery, useSetupStatus } from "@/features/auth/queries";
import { SetupPage } from "@/features/auth/setup-page";
import InboxPage from "@/features/inbox/inbox-page";
import { RealtimeProvider } from "@/features/realtime/realtime-provider";
import { AppShell } from "@/features/shell/app-shell";
import { setPrefsUser } from "@/lib/prefs";

const ContactsPage = lazy(() => import("@/features/contacts/contacts-page"));
const SettingsRoutes = lazy(() => import("@/features/settings/settings-routes"));
const SandboxPage = lazy(() => import("@/features/sandbox/sandbox-page"));
const CallMePage = lazy(() => import("@/features/sandbox/call-me-page"));
const MentionsPage = lazy(() => import("@/features/notifications/mentions-page"));
const KnowledgePage = lazy(() => import("@/features/knowledge/knowledge-page"));
const WaitingPage = lazy(() => import("@/features/routing/waiting-page"));
const TemplatesPage = lazy(() => import("@/features/templates/templates-page"));
const CampaignsPage = lazy(() => import("@/features/campaigns/campaigns-page"));
const TicketsPage = lazy(() => import("@/features/tickets/tickets-page"));
const CallsPage = lazy(() => import("@/features/calls/calls-page"));
const CallCampaignsPage = lazy(() => import("@/features/calls/call-campaigns-page"));
const DashboardPage = lazy(() => import("@/features/dashboard/dashboard-page"));
const FlowsPage = lazy(() => import("@/features/flows/flows-page"));

function FullPageSpinner() {
  return (
    <div className="flex h-full items-center justify-center text-muted-foreground" aria-busy="true">
      <Spinner className="size-5" />
    </div>
  );
}

function Authenticated() {
  const setup = useSetupStatus();
  const me = useMeQuery();
  const [location] = useLocation();
  const userId = me.data?.user.id;
  useEffect(() => {
    if (userId) setPrefsUser(userId);
  }, [userId]);

  if (setup.data?.needsSetup) return <Redirect to="/setup" replace />;
  if (me.isPending) return <FullPageSpinner />;
  if (me.isError)
    return (
      <ErrorState
        className="h-full"
        error={me.error}
        title="Can't reach Switchboard"
        onRetry={() => void me.refetch()}
      />
    );
  if (!me.data) {
    const next = location && location !== "/" ? `?next=${encodeURIComponent(location)}` : "";
    return <Redirect to={`/login${next}`} replace />;
  }
  if (me.data.user.mustChangePassword) return <ChangePasswordPage email={me.data.user.email} />;

  return (
    <RealtimeProvider meId={me.data.user.id}>
      <AppShell>
        <Suspense fallback={<FullPageSpinner />}>
          <Switch>
            <Route path="/inbox/:conversationId?" component={InboxPage} />
            <Route path="/contacts/:id?" component={ContactsPage} />
            <Route path="/sandbox/call" component={CallMePage} />
            <Route path="/sandbox" component={SandboxPage} />
            <Route path="/mentions/:view?" component={MentionsPage} />
            <Route path="/knowledge/:kind?/:id?" component={KnowledgePage} />
            <Route path="/waiting" component={WaitingPage} />
            <Route path="/templates" component={TemplatesPage} />
            <Route path="/campaigns/:id?" component={CampaignsPage} />
            <Route path="/tickets/:id?" component={TicketsPage} />
            <Route path="/calls/:id?" component={CallsPage} />
            <Route path="/call-campaigns/:id?" component={CallCampaignsPage} />
            <Route path="/dashboard" component={DashboardPage} />
            <Route path="/flows/:id?" component={FlowsPage} />
            <Route path="/settings">
              <Redirect to="/settings/profile" replace />
            </Route>
            <Route path="/settings/*" component={SettingsRoutes} />
            <Route>
              <Redirect to="/inbox" replace />
            </Route>
          </Switch>
        </Suspense>
      </AppShell>
    </RealtimeProvider>
  );
}

export function AppRoutes() {
  return (
    <Switch>
      <Route path="/login" component={LoginPage} />
      <Route path="/setup" component={SetupPage} />
      <Route component={Authenticated} />
    </Switch>
  );
}
