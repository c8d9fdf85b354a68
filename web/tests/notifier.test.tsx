import { act, render, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { withMentions } from "@/features/inbox/thread/mentions";
import { SystemEvent } from "@/features/inbox/thread/system-event";
import { defaultPreferences } from "@/features/notifications/preferences";
import { notificationKeys } from "@/features/notifications/queries";
import { resetUnread } from "@/features/notifications/unread-store";
import { useNotifier } from "@/features/notifications/use-notifier";
import type { Conversation, Message } from "@/lib/types";
import { fakeFetch, FakeWebSocket, installFakeWebSocket } from "./fake-network";
import { ME, renderInConsole } from "./render";

const CONV = "77777777-7777-4777-8777-777777777777";
const conversation: Conversation = {
  id: CONV,
  channelId: "55555555-5555-4555-8555-555555555555",
  channelType: "webchat",
  channelName: "Site",
  contact: { id: "88888888-8888-4888-8888-888888888888", name: "Dana", email: null, phone: null, avatarUrl: null },
  status: "open",
  snoozedUntil: null,
  priority: "normal",
  assignee: { id: ME.id, name: ME.name, avatarUrl: null },
  team: null,
  handler: "none",
  queuedAt: null,
  lastMessageAt: "2026-01-01T10:00:00.000Z",
  lastMessagePreview: "Hello",
  lastInboundAt: "2026-01-01T10:00:00.000Z",
  replyWindow: { open: true, closesAt: null, rule: "none", templatesOnly: false },
  unreadCount: 1,
  lastMessageSender: null,
  labels: [],
  waitingSince: null,
  createdAt: "2026-01-01T09:00:00.000Z",
};
const customerMessage = (content: string): Message => ({
  id: crypto.randomUUID(),
  conversationId: CONV,
  direction: "inbound",
  senderType: "customer",
  sender: { id: conversation.contact.id, name: "Dana", avatarUrl: null },
  private: false,
  kind: "text",
  metadata: {},
  content,
  attachments: [],
  status: "sent",
  error: null,
  createdAt: new Date().toISOString(),
});

function Probe() {
  useNotifier(ME.id);
  return <p>probe</p>;
}

/** The notifier with the agent's stored preferences (answered by the fake server). */
async function mount(events: Partial<typeof defaultPreferences.events>) {
  const net = fakeFetch({
    "GET /api/me/notification-preferences": () => ({
      body: { ...defaultPreferences, events: { ...defaultPreferences.events, ...events } },
    }),
    [`GET /api/conversations/${CONV}`]: () => ({ body: conversation }),
  });
  const { qc } = renderInConsole(<Probe />, { inbox: true });
  await waitFor(() => expect(qc.getQueryData(notificationKeys.preferences)).toBeDefined());
  act(() => FakeWebSocket.last.accept());
  return net;
}

describe("the notifier honours the agent's stored preferences", () => {
  beforeEach(() => {
    installFakeWebSocket();
    resetUnread();
    document.title = "Switchboard";
  });
  afterEach(() => vi.unstubAllGlobals());

  it("counts a new message in my conversation in the tab title when that event is on", async () => {
    await mount({});
    act(() => FakeWebSocket.last.push({ type: "message.created", message: customerMessage("Where is it?") }));
    await waitFor(() => expect(document.title).toBe("(1) Switchboard"));
  });

  it("stays silent for a new message in mine when the agent switched that off", async () => {
    const net = await mount({ newMessage: false });
    await waitFor(() => expect(screen.getByText("probe")).toBeTruthy());
    act(() => FakeWebSocket.last.push({ type: "message.created", message: customerMessage("Hello?") }));
    // The notifier looked the conversation up (it is mine) and still decided not to alert.
    await waitFor(() => expect(net.to(`GET /api/conversations/${CONV}`).length).toBeGreaterThan(0));
    await act(async () => await new Promise((r) => setTimeout(r, 0)));
    expect(document.title).toBe("Switchboard");
  });

  it("a mention does not count as an unread customer message", async () => {
    await mount({});
    act(() =>
      FakeWebSocket.last.push({
        type: "notification.created",
        notification: {
          id: crypto.randomUUID(),
          type: "mention",
          conversationId: CONV,
          messageId: crypto.randomUUID(),
          actor: { id: null, name: "Sam" },
          contactName: "Dana",
          excerpt: "@Ada Admin look",
          readAt: null,
          createdAt: new Date().toISOString(),
        },
      }),
    );
    // Mentions have their own badge (the nav rail's), not the inbox's tab-title count.
    expect(document.title).toBe("Switchboard");
  });
});

describe("mentions and activity lines in the thread", () => {
  it("highlights only the stored mentions, longest name first", () => {
    render(
      <p data-testid="note">
        {withMentions("@Sam Lee and @Sam, not @Samuel or @Bob", [
          { id: "1", name: "Sam" },
          { id: "2", name: "Sam Lee" },
        ])}
      </p>,
    );
    const marks = screen.getAllByTestId("mention");
    expect(marks.map((m) => [m.textContent, m.dataset.userId])).toEqual([
      ["@Sam Lee", "2"],
      ["@Sam", "1"],
    ]);
    expect(screen.getByTestId("note").textContent).toBe("@Sam Lee and @Sam, not @Samuel or @Bob");
    expect(withMentions("no mentions here", [{ id: "1", name: "Sam" }])).toBe("no mentions here");
  });

  it("an activity line shows its sentence, and a snooze's end in the reader's own format", () => {
    const until = "2026-12-02T14:35:00.000Z";
    const message: Message = {
      ...customerMessage(""),
      direction: "outbound",
      senderType: "system",
      private: true,
      kind: "event",
      content: "Snoozed by Sam until 2026-12-02 14:35 UTC",
      metadata: { event: { type: "snoozed", actor: { type: "user", id: null, name: "Sam" }, until } },
    };
    renderInConsole(<SystemEvent message={message} />);
    const line = screen.getByTestId("message-bubble");
    expect(line.dataset.eventType).toBe("snoozed");
    const local = new Intl.DateTimeFormat(undefined, {
      weekday: "short",
      day: "numeric",
      month: "short",
      hour: "numeric",
      minute: "2-digit",
    }).format(new Date(until));
    expect(line.textContent).toContain(`Snoozed by Sam until ${local}`);
    expect(line.textContent).not.toContain("UTC");
  });
});
