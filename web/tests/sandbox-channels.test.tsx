import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen } from "@testing-library/react";
import type { ReactNode } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { TooltipProvider } from "@/components/ui/tooltip";
import SandboxPage from "@/features/sandbox/sandbox-page";
import { ChannelDetailPage } from "@/features/settings/channels/channel-detail-page";
import { qk } from "@/lib/query-keys";
import type { Channel } from "@/lib/types";
import { fakeFetch } from "./fake-network";
import { ME } from "./render";

const BROKEN = "11111111-1111-4111-8111-111111111111";
const FINE = "22222222-2222-4222-8222-222222222222";

/** Logged in as an admin (the pages read the session from the cache). */
function renderAsAdmin(ui: ReactNode) {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  qc.setQueryData(qk.me, { user: ME });
  return render(
    <QueryClientProvider client={qc}>
      <TooltipProvider>{ui}</TooltipProvider>
    </QueryClientProvider>,
  );
}

const sandboxChannel: Channel = {
  id: FINE,
  type: "whatsapp",
  name: "WhatsApp sandbox",
  enabled: true,
  sandbox: true,
  settings: { phoneNumberId: "100000000000001", wabaId: "200000000000001" },
  secrets: { accessToken: "••••abcd", appSecret: "••••efgh" },
  snippet: null,
  webhook: { url: "http://localhost:5000/webhooks/whatsapp", verifyToken: "RSk4oruJPrDZkhtGCHUoQ5Ea" },
  health: { lastEventAt: null, lastErrorAt: null, lastError: null, needsReauth: false, credentialsUnreadable: false },
  capabilities: {
    text: { maxLength: 4096 },
    attachments: null,
    templates: true,
    replyWindow: "24h",
    typing: false,
    readReceipts: true,
    edits: false,
  },
  createdAt: "2026-12-01T12:00:00.000Z",
};

describe("sandbox channels", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    localStorage.clear();
  });

  it("Try it lists a channel whose credentials are unreadable, says so, and links to fixing it", async () => {
    fakeFetch({
      "GET /api/sandbox": () => ({
        body: {
          enabled: true,
          channels: [
            { id: BROKEN, type: "telegram", name: "Telegram sandbox", credentialsUnreadable: true },
            { id: FINE, type: "whatsapp", name: "WhatsApp sandbox", credentialsUnreadable: false },
          ],
        },
      }),
    });
    renderAsAdmin(<SandboxPage />);
    const chips = await screen.findAllByTestId("sandbox-channel");
    expect(chips.map((c) => c.textContent)).toEqual(["Telegram sandbox", "WhatsApp sandbox"]);
    expect(chips[0]!.dataset.unreadable).toBe("true");
    expect(chips[0]!.getAttribute("title")).toMatch(/credentials unreadable, enter them again/);
    expect(chips[1]!.dataset.unreadable).toBeUndefined();
    expect(await screen.findByText("Credentials unreadable: enter them again")).toBeTruthy();
    expect(screen.getByTestId("fix-sandbox-channel").getAttribute("href")).toBe(`/settings/channels/${BROKEN}`);
  });

  it("a sandbox channel's page shows what it is and how to try it: no webhook URL, token or provider set-up", async () => {
    fakeFetch({
      [`GET /api/channels/${FINE}`]: () => ({ body: sandboxChannel }),
      [`GET /api/channels/${FINE}/templates`]: () => ({ body: { items: [] } }),
      [`GET /api/channels/${FINE}/events`]: () => ({ body: { items: [] } }),
    });
    renderAsAdmin(<ChannelDetailPage id={FINE} />);
    const card = await screen.findByTestId("sandbox-connection");
    expect(card.textContent).toMatch(/built-in WhatsApp simulator/);
    expect(card.textContent).toMatch(/nothing to set up/i);
    expect(screen.getByTestId("open-try-it").getAttribute("href")).toBe(`/sandbox?channel=${FINE}`);
    for (const id of ["webhook-url", "verify-token", "test-connection"]) expect(screen.queryByTestId(id)).toBeNull();
    expect(document.body.textContent).not.toContain("RSk4oruJPrDZkhtGCHUoQ5Ea");
    expect(screen.queryByText("Credentials")).toBeNull();
    expect(screen.queryByLabelText(/Phone number ID/i)).toBeNull();
  });
});
