import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ThreadHeader } from "@/features/inbox/thread/thread-header";
import { HandlerBadge } from "@/features/routing/handler-badge";
import { TransferDialog } from "@/features/routing/transfer-dialog";
import { waitLabel } from "@/features/routing/wait-time";
import WaitingPage from "@/features/routing/waiting-page";
import type { AgentSummary, Conversation } from "@/lib/types";
import { FakeWebSocket, fakeFetch, installFakeWebSocket } from "./fake-network";
import { ME, renderInConsole } from "./render";

const NOW = new Date("2026-12-01T12:00:00.000Z").getTime();
const ago = (s: number) => new Date(NOW - s * 1000).toISOString();
let n = 0;
const uuid = () => `00000000-0000-4000-8000-${String(++n).padStart(12, "0")}`;

function conv(over: Partial<Conversation> & { name: string }): Conversation {
  const { name, ...rest } = over;
  return {
    id: uuid(),
    channelId: "55555555-5555-4555-8555-555555555555",
    channelType: "webchat",
    channelName: "Website",
    contact: { id: uuid(), name, email: null, phone: null, avatarUrl: null },
    status: "open",
    snoozedUntil: null,
    priority: "normal",
    assignee: null,
    team: null,
    handler: "human",
    queuedAt: ago(60),
    lastMessageAt: ago(60),
    lastMessagePreview: "Can a person help me?",
    lastInboundAt: ago(60),
    replyWindow: { open: true, closesAt: null, rule: "24h", templatesOnly: false },
    unreadCount: 1,
    lastMessageSender: null,
    labels: [],
    waitingSince: ago(60),
    createdAt: ago(600),
    ...rest,
  };
}

const entry = (c: Conversation, i: number) => ({
  conversation: c,
  position: i + 1,
  waitingSeconds: Math.round((NOW - new Date(c.queuedAt!).getTime()) / 1000),
});

function agent(over: Partial<AgentSummary> & { name: string }): AgentSummary {
  return {
    id: uuid(),
    email: `${over.name.toLowerCase()}@example.com`,
    role: "agent",
    availability: "online",
    capacity: 5,
    visibility: "all",
    avatarUrl: null,
    disabled: false,
    mustChangePassword: false,
    createdAt: ago(9999),
    openConversations: 0,
    ...over,
  };
}

beforeEach(() => {
  installFakeWebSocket();
  vi.useFakeTimers({ now: NOW, toFake: ["Date"] });
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe("Waiting view", () => {
  it("lists the queue urgent first, then longest waiting, with wait time, channel, team and priority", async () => {
    const billing = { id: uuid(), name: "Billing" };
    // Deliberately out of order: the view must not depend on the server's order alone.
    const items = [
      conv({ name: "Newer normal", queuedAt: ago(30) }),
      conv({ name: "Older normal", queuedAt: ago(20 * 60), team: billing }),
      conv({ name: "Urgent one", queuedAt: ago(5), priority: "urgent", channelType: "whatsapp", channelName: "WA" }),
    ].map(entry);
    fakeFetch({ "GET /api/routing/queue": () => ({ body: { items, total: 3, eligibleAgents: 0 } }) });
    renderInConsole(<WaitingPage />, { inbox: true });

    const rows = await screen.findAllByTestId("waiting-row");
    expect(rows.map((r) => within(r).getByText(/one|normal/).textContent)).toEqual([
      "Urgent one",
      "Older normal",
      "Newer normal",
    ]);
    expect(rows.map((r) => within(r).getByTestId("wait-time").textContent)).toEqual(["5s", "20m", "30s"]);
    expect(rows[1]!.textContent).toContain("Billing");
    expect(rows[2]!.textContent).toContain("Any team");
    expect(rows[0]!.textContent).toContain("WA");
    expect(rows[0]!.textContent).toContain("Urgent");
    expect(screen.getByTestId("waiting-summary").textContent).toBe(
      "3 waiting for a person · 0 agents free to take one",
    );
  });

  it("Take posts to the conversation's take endpoint", async () => {
    const c = conv({ name: "Pat" });
    const net = fakeFetch({
      "GET /api/routing/queue": () => ({ body: { items: [entry(c, 0)], total: 1, eligibleAgents: 1 } }),
      [`POST /api/conversations/${c.id}/take`]: () => ({
        body: { ...c, assignee: { id: ME.id, name: ME.name, avatarUrl: null }, queuedAt: null },
      }),
    });
    renderInConsole(<WaitingPage />, { inbox: true });
    await userEvent.click(await screen.findByTestId("waiting-take"));
    await waitFor(() => expect(net.to(`POST /api/conversations/${c.id}/take`)).toHaveLength(1));
  });

  it("empty: says nobody is waiting; failing: says so with a retry", async () => {
    let fail = true;
    fakeFetch({
      "GET /api/routing/queue": () =>
        fail
          ? { status: 500, body: { error: { code: "internal", message: "Something broke" } } }
          : { body: { items: [], total: 0, eligibleAgents: 2 } },
    });
    renderInConsole(<WaitingPage />, { inbox: true });
    expect(await screen.findByText("Couldn't load the queue")).toBeTruthy();
    fail = false;
    await userEvent.click(screen.getByRole("button", { name: /Try again/ }));
    expect(await screen.findByText("Nobody is waiting")).toBeTruthy();
  });

  it("refetches when a conversation changes (realtime), so a taken one leaves the list", async () => {
    const a = conv({ name: "Ann" });
    const b = conv({ name: "Ben" });
    let items = [entry(a, 0), entry(b, 1)];
    const net = fakeFetch({
      "GET /api/routing/queue": () => ({ body: { items, total: items.length, eligibleAgents: 0 } }),
    });
    renderInConsole(<WaitingPage />, { inbox: true });
    expect(await screen.findAllByTestId("waiting-row")).toHaveLength(2);
    act(() => FakeWebSocket.last.accept());
    items = [entry(b, 0)];
    act(() =>
      FakeWebSocket.last.push({
        type: "conversation.updated",
        conversation: { ...a, queuedAt: null, assignee: { id: uuid(), name: "Sam", avatarUrl: null } },
      }),
    );
    await waitFor(() => expect(screen.getAllByTestId("waiting-row")).toHaveLength(1));
    expect(net.to("GET /api/routing/queue").length).toBeGreaterThanOrEqual(2);
  });
});

describe("handler badge", () => {
  it("says who answers: the AI, the wait for a person (with the team), or the person", () => {
    const team = { id: uuid(), name: "Billing" };
    const maya = { id: uuid(), name: "Maya Chen", avatarUrl: null };
    const cases = [
      conv({ name: "x", handler: "ai", queuedAt: null }),
      conv({ name: "x", queuedAt: ago(125), team }),
      conv({ name: "x", queuedAt: null, assignee: maya }),
      conv({ name: "x", handler: "none", queuedAt: null }),
    ];
    renderInConsole(
      <>
        {cases.map((c) => (
          <div key={c.id} data-testid="case">
            <HandlerBadge conversation={c} meId={ME.id} />
          </div>
        ))}
      </>,
    );
    const text = screen.getAllByTestId("case").map((el) => el.textContent?.replace(/\s+/g, " ").trim());
    expect(text).toEqual(["AI agent", "Waiting 2m· Billing", "Maya Chen", ""]);
    expect(screen.getAllByTestId("handler-badge").map((b) => b.dataset.state)).toEqual(["ai", "waiting", "person"]);
  });

  it("wait labels stay precise enough to compare", () => {
    expect([45, 180, 3900, 2 * 86400 + 3 * 3600].map((s) => waitLabel(ago(s), NOW))).toEqual([
      "45s",
      "3m",
      "1h 05m",
      "2d 3h",
    ]);
  });
});

describe("transfer dialog", () => {
  it("transfers to an agent (online first; a note travels along) or to a team's queue", async () => {
    const c = conv({ name: "Pat", assignee: { id: ME.id, name: ME.name, avatarUrl: null }, queuedAt: null });
    const bo = agent({ name: "Bo", availability: "away", openConversations: 1 });
    const ana = agent({ name: "Ana", availability: "online", openConversations: 2 });
    const team = {
      id: uuid(),
      name: "Billing",
      description: "",
      members: [],
      channelIds: [],
      waiting: 4,
      createdAt: ago(9),
    };
    const net = fakeFetch({
      "GET /api/agents": () => ({ body: { items: [bo, ana, agent({ name: "Old", disabled: true })] } }),
      "GET /api/teams": () => ({ body: { items: [team] } }),
      [`POST /api/conversations/${c.id}/transfer`]: () => ({ body: c }),
    });
    const onOpenChange = vi.fn();
    renderInConsole(<TransferDialog conversation={c} meId={ME.id} open onOpenChange={onOpenChange} />, {
      inbox: true,
    });
    const user = userEvent.setup();
    const options = await screen.findAllByTestId("transfer-agent");
    // Disabled agents are not offered; online before away.
    expect(options.map((o) => o.textContent ?? "")).toEqual([
      expect.stringMatching(/Ana.*Online/),
      expect.stringMatching(/Bo.*Away/),
    ]);
    await user.click(options[1]!);
    expect(screen.getByRole("note").textContent).toContain("Bo is away");
    await user.click(options[0]!);
    await user.type(screen.getByLabelText("Note"), "VIP, be quick");
    await user.click(screen.getByTestId("transfer-submit"));
    await waitFor(() =>
      expect(net.to(`POST /api/conversations/${c.id}/transfer`).map((r) => r.body)).toEqual([
        { assigneeId: ana.id, note: "VIP, be quick" },
      ]),
    );
    await waitFor(() => expect(onOpenChange).toHaveBeenCalledWith(false));

    await user.click(screen.getByRole("tab", { name: "Team" }));
    const teamOption = await screen.findByTestId("transfer-team");
    expect(teamOption.textContent).toContain("4 waiting");
    await user.click(teamOption);
    expect(screen.getByTestId("transfer-submit").textContent).toBe("Transfer to Billing");
    await user.click(screen.getByTestId("transfer-submit"));
    await waitFor(() =>
      expect(net.to(`POST /api/conversations/${c.id}/transfer`).map((r) => r.body)[1]).toEqual({ teamId: team.id }),
    );
  });
});

describe("thread header routing actions", () => {
  it("T takes a waiting conversation; the menu hands it back to the AI", async () => {
    const c = conv({ name: "Pat", queuedAt: ago(300) });
    const net = fakeFetch({
      "GET /api/sandbox": () => ({ body: { enabled: false, channels: [] } }),
      [`POST /api/conversations/${c.id}/take`]: () => ({ body: { ...c, queuedAt: null } }),
      [`POST /api/conversations/${c.id}/hand-back`]: () => ({ body: { ...c, handler: "ai", queuedAt: null } }),
    });
    renderInConsole(<ThreadHeader conversation={c} meId={ME.id} />, { inbox: true });
    expect(screen.getByTestId("handler-badge").dataset.state).toBe("waiting");
    const user = userEvent.setup();
    await user.keyboard("t");
    await waitFor(() => expect(net.to(`POST /api/conversations/${c.id}/take`)).toHaveLength(1));
    await user.click(screen.getByTestId("routing-menu"));
    await user.click(await screen.findByTestId("routing-hand-back"));
    await waitFor(() => expect(net.to(`POST /api/conversations/${c.id}/hand-back`)).toHaveLength(1));
  });
});
