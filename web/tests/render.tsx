import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import type { ReactNode } from "react";
import { TooltipProvider } from "@/components/ui/tooltip";
import { InboxProvider } from "@/features/inbox/inbox-context";
import { RealtimeProvider } from "@/features/realtime/realtime-provider";
import { qk } from "@/lib/query-keys";
import type { User } from "@/lib/types";

export const ME: User = {
  id: "44444444-4444-4444-8444-444444444444",
  email: "admin@example.com",
  name: "Ada Admin",
  role: "admin",
  availability: "online",
  capacity: 10,
  visibility: "all",
  avatarUrl: null,
  disabled: false,
  mustChangePassword: false,
  createdAt: "2026-01-01T00:00:00.000Z",
};

/** The console's providers around a component, each test with its own query cache. */
export function renderInConsole(ui: ReactNode, opts: { inbox?: boolean } = {}) {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  // Inside the authenticated shell the signed-in agent is always known (useMe relies on it).
  if (opts.inbox) qc.setQueryData(qk.me, { user: ME });
  const inner = opts.inbox ? (
    <RealtimeProvider meId={ME.id}>
      <InboxProvider>{ui}</InboxProvider>
    </RealtimeProvider>
  ) : (
    ui
  );
  return {
    qc,
    ...render(
      <QueryClientProvider client={qc}>
        <TooltipProvider>{inner}</TooltipProvider>
      </QueryClientProvider>,
    ),
  };
}
