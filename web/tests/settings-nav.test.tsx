import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Router } from "wouter";
import { memoryLocation } from "wouter/memory-location";
import { TooltipProvider } from "@/components/ui/tooltip";
import { defaultPreferences } from "@/features/notifications/preferences";
import SettingsRoutes from "@/features/settings/settings-routes";
import { qk } from "@/lib/query-keys";
import { fakeFetch } from "./fake-network";
import { ME } from "./render";

function renderAt(path: string) {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  qc.setQueryData(qk.me, { user: ME });
  const net = fakeFetch({ "GET /api/me/notification-preferences": () => ({ body: defaultPreferences }) });
  render(
    <QueryClientProvider client={qc}>
      <TooltipProvider>
        <Router hook={memoryLocation({ path }).hook}>
          <SettingsRoutes />
        </Router>
      </TooltipProvider>
    </QueryClientProvider>,
  );
  return net;
}

describe("Settings navigation", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("Notifications is a real section: its own page, highlighted, Profile not", async () => {
    const net = renderAt("/settings/notifications");
    const nav = screen.getByRole("navigation", { name: "Settings" });
    const link = (name: string) => [...nav.querySelectorAll("a")].find((a) => a.textContent === name)!;
    expect(link("Notifications").getAttribute("href")).toBe("/settings/notifications");
    expect(link("Notifications").getAttribute("aria-current")).toBe("page");
    expect(link("Profile").getAttribute("aria-current")).toBeNull();
    await waitFor(() => expect(screen.getByTestId("pref-mention")).toBeTruthy());
    expect(net.to("GET /api/me/notification-preferences")).toHaveLength(1);
  });
});
