import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import TicketsPage from "@/features/tickets/tickets-page";
import { fakeFetch, installFakeWebSocket } from "./fake-network";
import { renderInConsole } from "./render";

const row = (n: number, over: Record<string, unknown> = {}) => ({
  id: `0000000${n}-abab-4bab-8bab-abababababab`,
  number: n,
  subject: `Parcel ${n} lost`,
  description: "",
  priority: "normal",
  status: "open",
  type: "problem",
  assignee: null,
  team: null,
  requester: null,
  tags: [],
  customFields: {},
  dueAt: null,
  createdBy: { type: "user", id: null, name: "Me" },
  conversationIds: [],
  solvedAt: null,
  closedAt: null,
  sla: null,
  createdAt: "2026-12-01T10:00:00.000Z",
  updatedAt: "2026-12-01T10:05:00.000Z",
  ...over,
});

beforeEach(() => installFakeWebSocket());
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe("the tickets page", () => {
  it("searches, selects with x and the page checkbox, bulk-edits, and shows the server's refusal", async () => {
    let refuse = false;
    const net = fakeFetch({
      "GET /api/tickets": () => ({ body: { items: [row(1), row(2)], nextCursor: null } }),
      "PATCH /api/tickets/bulk": () =>
        refuse
          ? { status: 409, body: { error: { code: "invalid_transition", message: "A closed ticket cannot move" } } }
          : { body: { items: [], changed: 2 } },
      "GET /api/ticket-views": () => ({ body: { items: [] } }),
      "GET /api/agents": () => ({ body: { items: [] } }),
    });
    renderInConsole(<TicketsPage />, { inbox: true });
    await screen.findByTestId("ticket-table");
    await userEvent.keyboard("/");
    expect(document.activeElement).toBe(screen.getByTestId("ticket-search"));
    await userEvent.keyboard("#2");
    await waitFor(() => expect(net.to("GET /api/tickets").some((r) => r.path.includes("q=%232"))).toBe(true));
    await userEvent.keyboard("{Escape}");
    await userEvent.keyboard("jx");
    expect(screen.getByTestId("ticket-bulk-count").textContent).toBe("1 selected");
    await userEvent.click(screen.getByTestId("ticket-select-all"));
    expect(screen.getByTestId("ticket-bulk-count").textContent).toBe("2 selected");
    await userEvent.click(screen.getByTestId("bulk-priority"));
    await userEvent.click(await screen.findByTestId("bulk-priority-urgent"));
    await waitFor(() => expect(net.to("PATCH /api/tickets/bulk")).toHaveLength(1));
    expect(net.to("PATCH /api/tickets/bulk")[0]!.body).toEqual({
      ids: [row(1).id, row(2).id],
      changes: { priority: "urgent" },
    });
    await waitFor(() => expect(screen.queryByTestId("ticket-bulk-bar")).toBeNull());
    refuse = true;
    await userEvent.click(screen.getByTestId("ticket-select-all"));
    await userEvent.click(screen.getByTestId("bulk-status"));
    await userEvent.click(await screen.findByRole("menuitem", { name: "Pending" }));
    expect((await screen.findByTestId("ticket-bulk-error")).textContent).toContain("A closed ticket cannot move");
  });

  it("b shows the board by status; a card's menu moves it through the bulk route", async () => {
    const net = fakeFetch({
      "GET /api/tickets": () => ({
        body: { items: [row(1), row(2, { status: "new" }), row(3, { status: "closed" })], nextCursor: null },
      }),
      "PATCH /api/tickets/bulk": () => ({ body: { items: [], changed: 1 } }),
      "GET /api/ticket-views": () => ({ body: { items: [] } }),
      "GET /api/agents": () => ({ body: { items: [] } }),
    });
    renderInConsole(<TicketsPage />, { inbox: true });
    await screen.findByTestId("ticket-table");
    await userEvent.keyboard("b");
    const board = await screen.findByTestId("ticket-board");
    expect(within(screen.getByTestId("board-column-open")).getAllByTestId("board-card")).toHaveLength(1);
    expect(within(screen.getByTestId("board-column-new")).getAllByTestId("board-card")).toHaveLength(1);
    expect(within(board).getAllByTestId("board-card")).toHaveLength(2);
    // The board asks for every status (closed ones are left out), not only the unsolved.
    expect(net.to("GET /api/tickets").at(-1)!.path).not.toContain("status=");
    await userEvent.click(within(screen.getByTestId("board-column-open")).getByTestId("board-card-menu"));
    await userEvent.click(await screen.findByTestId("move-to-pending"));
    await waitFor(() => expect(net.to("PATCH /api/tickets/bulk")).toHaveLength(1));
    expect(net.to("PATCH /api/tickets/bulk")[0]!.body).toEqual({ ids: [row(1).id], changes: { status: "pending" } });
  });

  it("saved views: applies a shared one, saves the current filters, deletes only one's own", async () => {
    const view = (id: string, name: string, mine: boolean, filters: Record<string, unknown>) => ({
      id,
      name,
      mine,
      shared: !mine,
      filters,
      sort: "sla",
      ownerId: "12121212-1212-4212-8212-121212121212",
      createdAt: "2026-12-01T10:00:00.000Z",
    });
    const net = fakeFetch({
      "GET /api/tickets": () => ({ body: { items: [row(1)], nextCursor: null } }),
      "GET /api/ticket-views": () => ({
        body: {
          items: [
            view("13131313-1313-4313-8313-131313131313", "My billing", true, { tag: "billing" }),
            view("14141414-1414-4414-8414-141414141414", "Team urgent", false, { priority: "urgent", q: "refund" }),
          ],
        },
      }),
      "POST /api/ticket-views": (req) => ({
        status: 201,
        body: view("15151515-1515-4515-8515-151515151515", "Mine now", true, (req.body as { filters: Record<string, unknown> }).filters),
      }),
      "DELETE /api/ticket-views/13131313-1313-4313-8313-131313131313": () => ({ status: 204 }),
      "GET /api/agents": () => ({ body: { items: [] } }),
    });
    renderInConsole(<TicketsPage />, { inbox: true });
    await screen.findByTestId("ticket-table");
    await userEvent.click(screen.getByTestId("ticket-views"));
    const items = await screen.findAllByTestId("ticket-view-item");
    expect(items.map((i) => i.textContent)).toEqual(["My billing", "Team urgent"]);
    expect(within(items[1]!).queryByRole("button")).toBeNull(); // a shared view of someone else: no delete
    await userEvent.click(items[1]!);
    await waitFor(() => expect(net.to("GET /api/tickets").at(-1)!.path).toContain("priority=urgent"));
    const last = net.to("GET /api/tickets").at(-1)!.path;
    expect(last).toContain("q=refund");
    expect(last).toContain("sort=sla");
    expect(last).not.toContain("status=");
    expect(screen.getByTestId("ticket-views").textContent).toContain("Team urgent");
    expect((screen.getByTestId("ticket-search") as HTMLInputElement).value).toBe("refund");

    await userEvent.click(screen.getByTestId("ticket-views"));
    await userEvent.click(await screen.findByTestId("save-ticket-view"));
    await userEvent.type(await screen.findByTestId("ticket-view-name"), "Mine now");
    await userEvent.click(screen.getByRole("switch"));
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(net.to("POST /api/ticket-views")).toHaveLength(1));
    expect(net.to("POST /api/ticket-views")[0]!.body).toEqual({
      name: "Mine now",
      shared: true,
      filters: { priority: "urgent", q: "refund" },
      sort: "sla",
    });

    await userEvent.click(screen.getByTestId("ticket-views"));
    await userEvent.click(await screen.findByRole("button", { name: "Delete view My billing" }));
    await waitFor(() => expect(net.to("DELETE /api/ticket-views/13131313-1313-4313-8313-131313131313")).toHaveLength(1));
  });
});
