import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { TeamsPage } from "@/features/routing/teams-page";
import { qk } from "@/lib/query-keys";
import { fakeFetch, installFakeWebSocket } from "./fake-network";
import { ME, renderInConsole } from "./render";

const ANA = "11111111-1111-4111-8111-111111111111";
const CH = "22222222-2222-4222-8222-222222222222";
const TEAM = {
  id: "33333333-3333-4333-8333-333333333333",
  name: "Billing",
  description: "Invoices and refunds",
  members: [{ id: ANA, name: "Ana Agent", availability: "online", openAssigned: 2 }],
  channelIds: [CH],
  waiting: 3,
  createdAt: "2026-12-01T10:00:00.000Z",
};
const agents = {
  items: [
    {
      ...ME,
      id: ANA,
      name: "Ana Agent",
      email: "ana@example.com",
      role: "agent",
      capacity: 4,
      openConversations: 2,
    },
  ],
};

beforeEach(() => installFakeWebSocket());
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe("Settings → Teams", () => {
  it("shows members with availability and load, the channels served and the waiting count", async () => {
    fakeFetch({
      "GET /api/teams": () => ({ body: { items: [TEAM] } }),
      "GET /api/agents": () => ({ body: agents }),
      "GET /api/channels": () => ({ body: { items: [{ id: CH, name: "WhatsApp", type: "whatsapp" }] } }),
    });
    renderInConsole(<TeamsPage />, { inbox: true });
    const card = await screen.findByTestId("team-card");
    expect(within(card).getByTestId("team-waiting").textContent).toContain("3 waiting");
    await waitFor(() => expect(within(card).getByTestId("team-member").textContent).toContain("2/4 open"));
    expect(within(card).getByLabelText("Online")).toBeTruthy();
    await waitFor(() => expect(card.textContent).toContain("WhatsApp"));
  });

  it("admins create a team; a taken name shows the server's message on the name field", async () => {
    const net = fakeFetch({
      "GET /api/teams": () => ({ body: { items: [TEAM] } }),
      "GET /api/agents": () => ({ body: agents }),
      "GET /api/channels": () => ({ body: { items: [{ id: CH, name: "WhatsApp", type: "whatsapp" }] } }),
      "POST /api/teams": () => ({
        status: 409,
        body: {
          error: {
            code: "conflict",
            message: 'A team named "billing" already exists',
            details: { fieldErrors: { name: ['A team named "billing" already exists'] }, formErrors: [] },
          },
        },
      }),
    });
    renderInConsole(<TeamsPage />, { inbox: true });
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("add-team"));
    await user.type(screen.getByLabelText("Name"), "billing");
    await user.click(await screen.findByRole("button", { name: /Ana Agent/ }));
    await user.click(screen.getByTestId("team-save"));
    expect(await screen.findByText('A team named "billing" already exists')).toBeTruthy();
    expect(net.to("POST /api/teams").map((r) => r.body)).toEqual([
      { name: "billing", description: "", memberIds: [ANA], channelIds: [] },
    ]);
  });

  it("agents read the page without edit or delete controls", async () => {
    fakeFetch({
      "GET /api/teams": () => ({ body: { items: [TEAM] } }),
      "GET /api/agents": () => ({ body: agents }),
    });
    const { qc } = renderInConsole(<TeamsPage />, { inbox: true });
    qc.setQueryData(qk.me, { user: { ...ME, role: "agent" } });
    await screen.findByTestId("team-card");
    await waitFor(() => expect(screen.queryByTestId("add-team")).toBeNull());
    expect(screen.queryByRole("button", { name: "Edit Billing" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Delete Billing" })).toBeNull();
  });
});
