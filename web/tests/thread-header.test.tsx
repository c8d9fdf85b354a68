import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { headerFit, ThreadHeader } from "@/features/inbox/thread/thread-header";
import type { Conversation } from "@/lib/types";
import { fakeFetch, installFakeWebSocket } from "./fake-network";
import { ME, renderInConsole } from "./render";

const CONV: Conversation = {
  id: "77777777-7777-4777-8777-777777777777",
  channelId: "55555555-5555-4555-8555-555555555555",
  channelType: "whatsapp",
  channelName: "WhatsApp sandbox with a long channel name",
  contact: {
    id: "88888888-8888-4888-8888-888888888888",
    name: "Bartholomew Montgomery-Fitzgerald",
    email: null,
    phone: "+15550001111",
    avatarUrl: null,
  },
  status: "open",
  snoozedUntil: null,
  priority: "normal",
  assignee: { id: "99999999-9999-4999-8999-999999999999", name: "Maya Chen (demo)", avatarUrl: null },
  team: null,
  handler: "none",
  queuedAt: null,
  lastMessageAt: "2026-12-01T12:00:00.000Z",
  lastMessagePreview: "Hello",
  lastInboundAt: "2026-12-01T12:00:00.000Z",
  replyWindow: { open: true, closesAt: null, rule: "24h", templatesOnly: true },
  unreadCount: 0,
  lastMessageSender: null,
  labels: [],
  waitingSince: null,
  createdAt: "2026-12-01T12:00:00.000Z",
};

/** happy-dom lays nothing out: the header's width is what the test says it is. */
function headerWidth(px: number) {
  vi.spyOn(HTMLElement.prototype, "getBoundingClientRect").mockReturnValue({
    width: px,
    height: 56,
    x: 0,
    y: 0,
    top: 0,
    left: 0,
    right: px,
    bottom: 56,
    toJSON: () => ({}),
  } as DOMRect);
}

function setup() {
  const net = fakeFetch({
    "GET /api/sandbox": () => ({
      body: { enabled: true, channels: [{ id: CONV.channelId, type: "whatsapp", name: CONV.channelName }] },
    }),
    [`PATCH /api/conversations/${CONV.id}`]: (req) => ({ body: { ...CONV, ...(req.body as object) } }),
  });
  renderInConsole(<ThreadHeader conversation={CONV} meId={ME.id} />, { inbox: true });
  return net;
}

describe("thread header", () => {
  beforeEach(() => installFakeWebSocket());
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllGlobals();
  });

  it("gives way by its own width: full, then compact, then narrow", () => {
    expect([headerFit(null), headerFit(724), headerFit(564), headerFit(520), headerFit(440), headerFit(348)]).toEqual([
      "full",
      "full",
      "full",
      "compact",
      "compact",
      "narrow",
    ]);
  });

  it("wide: assignee name, priority, snooze and a labelled Resolve, all in the header", async () => {
    headerWidth(724);
    setup();
    const header = screen.getByRole("banner");
    expect(header.dataset.fit).toBe("full");
    expect(screen.getByTestId("assign-menu").textContent).toContain("Maya Chen (demo)");
    expect(screen.getByTestId("priority-menu")).toBeTruthy();
    expect(screen.getByTestId("snooze-menu")).toBeTruthy();
    expect(screen.queryByTestId("thread-more")).toBeNull();
    expect(screen.getByTestId("resolve-button").textContent).toBe("Resolve");
    await waitFor(() => expect(screen.getByTestId("sandbox-badge")).toBeTruthy());
  });

  it("at 1024 px with the contact panel open (~350 px): the name keeps its place and its tooltip, secondary controls move into More", async () => {
    headerWidth(348);
    const net = setup();
    const header = screen.getByRole("banner");
    expect(header.dataset.fit).toBe("narrow");
    const name = screen.getByTestId("thread-contact-name");
    expect(name.textContent).toBe("Bartholomew Montgomery-Fitzgerald");
    expect(name.getAttribute("title")).toBe("Bartholomew Montgomery-Fitzgerald");
    expect(name.className).toContain("truncate");
    expect(name.className).toContain("min-w-0");
    // The badges never shrink into the name or each other.
    expect(screen.getByTestId("conversation-status").className).toContain("shrink-0");
    await waitFor(() => expect(screen.getByTestId("sandbox-badge").className).toContain("shrink-0"));
    // Assignee: avatar only, the name in its accessible label.
    const assignee = screen.getByTestId("assign-menu");
    expect(assignee.textContent).not.toContain("Maya Chen");
    expect(assignee.getAttribute("aria-label")).toBe("Assignee: Maya Chen (demo)");
    // Priority and snooze live in "More actions"; Resolve is an icon with its name.
    expect(screen.queryByTestId("priority-menu")).toBeNull();
    expect(screen.queryByTestId("snooze-menu")).toBeNull();
    const resolve = screen.getByTestId("resolve-button");
    expect(resolve.textContent).toBe("");
    expect(resolve.getAttribute("aria-label")).toBe("Resolve");

    const user = userEvent.setup();
    await user.click(screen.getByTestId("thread-more"));
    (await screen.findByTestId("thread-more-priority")).focus();
    await user.keyboard("{ArrowRight}");
    const urgent = await screen.findByRole("menuitemradio", { name: /Urgent/ });
    urgent.focus();
    await user.keyboard("{Enter}");
    await waitFor(() =>
      expect(net.to(`PATCH /api/conversations/${CONV.id}`).map((r) => r.body)).toEqual([{ priority: "urgent" }]),
    );
  });

  it("in between: assignee avatar and More, Resolve keeps its label", () => {
    headerWidth(520);
    setup();
    expect(screen.getByRole("banner").dataset.fit).toBe("compact");
    expect(screen.getByTestId("thread-more")).toBeTruthy();
    expect(screen.getByTestId("resolve-button").textContent).toBe("Resolve");
  });
});
