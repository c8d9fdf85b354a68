import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { TicketDetailPage } from "@/features/tickets/ticket-detail";
import { fakeFetch, installFakeWebSocket } from "./fake-network";
import { ME, renderInConsole } from "./render";

const ID = "abababab-abab-4bab-8bab-abababababab";
const ticket = (over: Record<string, unknown> = {}) => ({
  id: ID,
  number: 42,
  subject: "Parcel lost",
  description: "**Dana**:\n> Where is it?",
  priority: "high",
  status: "open",
  type: "problem",
  assignee: null,
  team: null,
  requester: { id: "55555555-5555-4555-8555-555555555555", name: "Dana", email: null, phone: null, avatarUrl: null },
  tags: ["shipping"],
  customFields: {},
  dueAt: null,
  createdBy: { type: "ai", id: null, name: "AI agent" },
  conversationIds: [],
  solvedAt: null,
  closedAt: null,
  createdAt: "2026-12-01T10:00:00.000Z",
  updatedAt: "2026-12-01T10:05:00.000Z",
  conversations: [],
  comments: [
    {
      id: "66666666-6666-4666-8666-666666666666",
      ticketId: ID,
      body: "Asked the **courier**",
      author: { type: "user", id: ME.id, name: "Me" },
      createdAt: "2026-12-01T10:04:00.000Z",
    },
  ],
  events: [
    {
      id: "77777777-7777-4777-8777-777777777777",
      kind: "created",
      field: null,
      from: null,
      to: {},
      actor: { type: "ai", id: null, name: "AI agent" },
      createdAt: "2026-12-01T10:00:00.000Z",
    },
    {
      id: "88888888-8888-4888-8888-888888888888",
      kind: "changed",
      field: "status",
      from: "new",
      to: "open",
      actor: { type: "user", id: ME.id, name: "Me" },
      createdAt: "2026-12-01T10:01:00.000Z",
    },
    {
      id: "99999999-9999-4999-8999-999999999999",
      kind: "commented",
      field: null,
      from: null,
      to: "66666666-6666-4666-8666-666666666666",
      actor: { type: "user", id: ME.id, name: "Me" },
      createdAt: "2026-12-01T10:04:00.000Z",
    },
  ],
  ...over,
});

beforeEach(() => installFakeWebSocket());
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe("the ticket page", () => {
  it("shows the timeline in words with the comment inline, and patches the status", async () => {
    const net = fakeFetch({
      "GET /api/tickets/abababab-abab-4bab-8bab-abababababab": () => ({ body: ticket() }),
      "PATCH /api/tickets/abababab-abab-4bab-8bab-abababababab": () => ({ body: ticket({ status: "solved" }) }),
      "GET /api/agents": () => ({ body: { items: [] } }),
    });
    renderInConsole(<TicketDetailPage id={ID} />, { inbox: true });
    const timeline = await screen.findByTestId("ticket-timeline");
    const lines = within(timeline)
      .getAllByRole("listitem")
      .map((li) => li.textContent);
    expect(lines[0]).toContain("AI agent created the ticket");
    expect(lines[1]).toContain("changed status from New to Open");
    expect(lines[2]).toContain("Asked the courier");
    // "New" is not offered once a ticket left it, nor "Closed" before it is solved.
    const status = screen.getByTestId("ticket-status") as HTMLSelectElement;
    expect([...status.options].map((o) => o.value)).toEqual(["open", "pending", "on_hold", "solved"]);
    await userEvent.selectOptions(status, "solved");
    await waitFor(() => expect(net.to(`PATCH /api/tickets/${ID}`)).toHaveLength(1));
    expect(net.to(`PATCH /api/tickets/${ID}`)[0]!.body).toEqual({ status: "solved" });
  });

  it("a closed ticket: the admin may only reopen it (to open)", async () => {
    fakeFetch({
      "GET /api/tickets/abababab-abab-4bab-8bab-abababababab": () => ({ body: ticket({ status: "closed" }) }),
      "GET /api/agents": () => ({ body: { items: [] } }),
    });
    renderInConsole(<TicketDetailPage id={ID} />, { inbox: true });
    const status = (await screen.findByTestId("ticket-status")) as HTMLSelectElement;
    expect(ME.role).toBe("admin");
    expect(status.disabled).toBe(false);
    expect([...status.options].map((o) => o.value)).toEqual(["closed", "open"]);
  });
});
