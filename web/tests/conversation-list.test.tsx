import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { act, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { TooltipProvider } from "@/components/ui/tooltip";
import { compareForSort } from "@/features/inbox/filters";
import InboxPage from "@/features/inbox/inbox-page";
import {
  emptySelection,
  keepVisible,
  nextAfterLeaving,
  selectRange,
  toggleAll,
  toggleOne,
} from "@/features/inbox/list/selection";
import { RealtimeProvider } from "@/features/realtime/realtime-provider";
import { qk } from "@/lib/query-keys";
import type { Conversation } from "@/lib/types";
import { fakeFetch, FakeWebSocket, installFakeWebSocket } from "./fake-network";
import { ME } from "./render";

const CHANNEL = "55555555-5555-4555-8555-555555555555";
const id = (n: number) => `77777777-7777-4777-8777-${String(n).padStart(12, "0")}`;
const VIP = { id: "88888888-8888-4888-8888-888888888888", name: "VIP", color: "#a855f7" };

function conv(n: number, over: Partial<Conversation> = {}): Conversation {
  const at = new Date(Date.UTC(2026, 11, 1, 12, 0, 0) - n * 60_000).toISOString();
  return {
    id: id(n),
    channelId: CHANNEL,
    channelType: "webchat",
    channelName: "Site",
    contact: { id: id(100 + n), name: `Customer ${n}`, email: null, phone: null, avatarUrl: null },
    status: "open",
    snoozedUntil: null,
    priority: "normal",
    assignee: null,
    team: null,
    handler: "none",
    queuedAt: null,
    lastMessageAt: at,
    lastMessagePreview: `Question ${n}`,
    lastMessageSender: null,
    labels: [],
    waitingSince: at,
    lastInboundAt: at,
    replyWindow: { open: true, closesAt: null, rule: "none", templatesOnly: false },
    unreadCount: 0,
    createdAt: at,
    ...over,
  };
}

const rowsOf = () => screen.getAllByTestId("conversation-row");
const checkbox = (i: number) => within(rowsOf()[i]!).getByTestId("row-checkbox");

function setup(items: Conversation[]) {
  let failing = false;
  const net = fakeFetch({
    "GET /api/conversations": () =>
      failing
        ? { status: 503, body: { error: { code: "internal", message: "unreachable" } } }
        : { body: { items, nextCursor: null } },
    "GET /api/conversations/counts": () => ({ body: { mine: 1, unassigned: items.length - 1, all: items.length } }),
    "GET /api/labels": () => ({ body: { items: [] } }),
    "POST /api/conversations/bulk": (req) => ({
      body: { updated: (req.body as { ids: string[] }).ids.length, ids: (req.body as { ids: string[] }).ids },
    }),
  });
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  qc.setQueryData(qk.me, { user: ME });
  render(
    <QueryClientProvider client={qc}>
      <TooltipProvider>
        <RealtimeProvider meId={ME.id}>
          <InboxPage />
        </RealtimeProvider>
      </TooltipProvider>
    </QueryClientProvider>,
  );
  return { net, qc, fail: () => (failing = true) };
}

describe("selection logic", () => {
  const order = ["a", "b", "c", "d", "e"];
  it("toggles one row and extends a range from the anchor with shift, both ways", () => {
    let s = toggleOne(emptySelection, "b");
    s = selectRange(s, order, "d");
    expect([...s.ids].sort()).toEqual(["b", "c", "d"]);
    // Shift-click from an unticked anchor unticks the range.
    s = toggleOne(s, "c");
    s = selectRange(s, order, "a");
    expect([...s.ids].sort()).toEqual(["d"]);
    // Without an anchor in the list, a shift-click ticks just that row.
    expect([...selectRange(emptySelection, order, "e").ids]).toEqual(["e"]);
  });

  it("drops rows that left the list, selects all / none, and finds where to move on", () => {
    const s = toggleAll(emptySelection, order);
    expect(s.ids.size).toBe(5);
    expect(toggleAll(s, order).ids.size).toBe(0);
    const kept = keepVisible(s, ["a", "c"]);
    expect([...kept.ids]).toEqual(["a", "c"]);
    expect(keepVisible(kept, ["a", "c"])).toBe(kept);
    expect(nextAfterLeaving(order, ["a", "b", "d", "e"], "c")).toBe("d");
    expect(nextAfterLeaving(order, ["a", "b", "c", "d"], "e")).toBe("d");
    expect(nextAfterLeaving(["a"], [], "a")).toBeNull();
  });
});

describe("client-side order (live updates land where a refetch would put them)", () => {
  it("matches the server's sorts: newest, oldest waiting with nobody waiting last, priority then waiting", () => {
    const a = conv(1, { waitingSince: null, priority: "urgent" });
    const b = conv(2, { priority: "high" });
    const c = conv(3);
    const order = (sort: "newest" | "oldest_waiting" | "priority") =>
      [c, a, b].sort((x, y) => compareForSort(sort, x, y)).map((x) => x.contact.name);
    expect(order("newest")).toEqual(["Customer 1", "Customer 2", "Customer 3"]);
    expect(order("oldest_waiting")).toEqual(["Customer 3", "Customer 2", "Customer 1"]);
    expect(order("priority")).toEqual(["Customer 1", "Customer 2", "Customer 3"]);
  });
});

describe("conversation list", () => {
  // happy-dom lays nothing out: give the list's scroll area a height so the virtualiser renders rows.
  const sizes = ["clientHeight", "clientWidth"] as const;
  beforeEach(() => {
    installFakeWebSocket();
    for (const k of sizes) Object.defineProperty(HTMLElement.prototype, k, { configurable: true, get: () => 800 });
  });
  afterEach(() => {
    for (const k of sizes) delete (HTMLElement.prototype as unknown as Record<string, unknown>)[k];
    vi.unstubAllGlobals();
  });

  it("shows label chips, who spoke last and the tab counts", async () => {
    setup([
      conv(1, { labels: [VIP], lastMessageSender: { type: "agent", id: ME.id, name: ME.name } }),
      conv(2, { lastMessageSender: { type: "agent", id: id(999), name: "Sam Rivera" } }),
      conv(3, { lastMessageSender: { type: "ai", id: null, name: null } }),
      conv(4),
    ]);
    await waitFor(() => expect(rowsOf()).toHaveLength(4));
    const rows = rowsOf();
    expect(within(rows[0]!).getByTestId("label-chip").textContent).toBe("VIP");
    expect(rows[0]!.textContent).toContain("You: Question 1");
    expect(rows[1]!.textContent).toContain("Sam: Question 2");
    expect(rows[2]!.textContent).toContain("AI: Question 3");
    expect(rows[3]!.textContent).toContain("Question 4");
    expect(rows[3]!.textContent).not.toContain(":");
    await waitFor(() => expect(screen.getByTestId("tab-all").textContent).toBe("All4"));
    expect(screen.getByTestId("tab-unassigned").textContent).toBe("Unassigned3");
  });

  it("ticks rows (checkbox, shift-click for a range), acts on them in bulk, and Escape clears", async () => {
    const user = userEvent.setup();
    const { net } = setup([conv(1), conv(2), conv(3), conv(4), conv(5)]);
    await waitFor(() => expect(rowsOf()).toHaveLength(5));
    expect(screen.queryByTestId("bulk-bar")).toBeNull();
    await user.click(checkbox(1));
    expect(screen.getByTestId("bulk-count").textContent).toBe("1 selected");
    await user.keyboard("{Shift>}");
    await user.click(checkbox(3));
    await user.keyboard("{/Shift}");
    expect(screen.getByTestId("bulk-count").textContent).toBe("3 selected");
    expect(rowsOf().map((r) => r.hasAttribute("data-checked"))).toEqual([false, true, true, true, false]);

    await user.click(screen.getByRole("button", { name: "Resolve selected" }));
    await waitFor(() => expect(net.to("POST /api/conversations/bulk")).toHaveLength(1));
    expect(net.to("POST /api/conversations/bulk")[0]!.body).toEqual({
      action: "resolve",
      ids: [id(2), id(3), id(4)],
    });
    await waitFor(() => expect(screen.queryByTestId("bulk-bar")).toBeNull());

    await user.click(checkbox(0));
    expect(screen.getByTestId("bulk-count").textContent).toBe("1 selected");
    await user.keyboard("{Escape}");
    expect(screen.queryByTestId("bulk-bar")).toBeNull();
  });

  it("keeps the loaded list visible, marked stale, while the server is unreachable", async () => {
    const { qc, fail } = setup([conv(1), conv(2)]);
    await waitFor(() => expect(rowsOf()).toHaveLength(2));
    act(() => {
      FakeWebSocket.last.accept();
      FakeWebSocket.last.push({ type: "hello", as: "agent" });
    });
    fail();
    act(() => {
      FakeWebSocket.last.readyState = FakeWebSocket.CLOSED;
      FakeWebSocket.last.onclose?.(new CloseEvent("close", { code: 1006 }));
    });
    await act(() => qc.invalidateQueries({ queryKey: qk.conversationLists }));
    await waitFor(() =>
      expect(screen.getByTestId("list-offline").textContent).toContain("Offline — showing what was loaded"),
    );
    expect(rowsOf()).toHaveLength(2);
    expect(screen.queryByText("Couldn't load conversations")).toBeNull();
    // The app-wide banner stays away from the inbox: the list's own strip says it without covering rows.
    expect(screen.queryByTestId("ws-banner")).toBeNull();
  });
});
