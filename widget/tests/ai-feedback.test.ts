import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fakeFetch, FakeWebSocket, installFakeWebSocket } from "../../web/tests/fake-network";
import type { ViewMessage } from "../src/types";
import { MessageList } from "../src/ui/messages";
import { Widget } from "../src/widget";

const CHANNEL = "11111111-1111-4111-8111-111111111111";
const CONV = "22222222-2222-4222-8222-222222222222";
let seq = 0;
function msg(patch: Partial<ViewMessage> = {}): ViewMessage {
  seq++;
  return {
    id: `00000000-0000-4000-8000-${String(seq).padStart(12, "0")}`,
    conversationId: CONV,
    from: "ai",
    sender: { name: "Assistant", avatarUrl: null },
    content: `message ${seq}`,
    attachments: [],
    status: "sent",
    createdAt: new Date().toISOString(),
    ...patch,
  };
}
const view = (messages: ViewMessage[]) => ({ messages, channelName: "Acme", welcome: "", typing: null, prechat: null });

describe("widget: 'Did this answer your question?' under the latest AI answer", () => {
  it("asks only under the latest message when it is an AI answer, and records the vote", () => {
    const feedback = vi.fn();
    const list = new MessageList({ url: (p) => p, retry: vi.fn(), feedback });
    const older = msg({ aiAnswer: true });
    const offer = msg({ content: "Would you like a person from our team?" }); // the AI, not an answer
    list.render(view([msg({ from: "visitor", sender: { name: null, avatarUrl: null } }), older, offer]));
    expect(list.el.querySelector('[data-testid="sb-ask"]')).toBeNull();

    const answer = msg({ aiAnswer: true, content: "Refunds take 5 days." });
    list.render(view([older, answer]));
    const asks = list.el.querySelectorAll('[data-testid="sb-ask"]');
    expect(asks).toHaveLength(1);
    // The prompt sits right below the answer's row.
    const row = list.el.querySelector(`[data-id="${answer.id}"]`)!.parentElement!;
    expect(row.querySelector('[data-testid="sb-ask"]')!.textContent).toContain("Did this answer your question?");
    row.querySelector<HTMLButtonElement>('[data-testid="sb-yes"]')!.click();
    expect(feedback).toHaveBeenCalledWith(answer.id, true);
    expect(row.querySelector('[data-testid="sb-ask"]')!.textContent).toBe("Glad that helped!");
    // Re-rendering keeps the answer (no second prompt for the same message).
    list.render(view([older, answer]));
    expect(list.el.querySelector('[data-testid="sb-ask"]')!.textContent).toBe("Glad that helped!");

    // The visitor writing again moves on: no prompt.
    list.render(view([older, answer, msg({ from: "visitor", sender: { name: null, avatarUrl: null } })]));
    expect(list.el.querySelector('[data-testid="sb-ask"]')).toBeNull();

    const next = msg({ aiAnswer: true });
    list.render(view([next]));
    list.el.querySelector<HTMLButtonElement>('[data-testid="sb-no"]')!.click();
    expect(feedback).toHaveBeenLastCalledWith(next.id, false);
    expect(list.el.querySelector('[data-testid="sb-ask"]')!.textContent).toContain("Sorry about that");
  });

  it("no prompt without a feedback handler (the header avatar's list)", () => {
    const list = new MessageList({ url: (p) => p, retry: vi.fn() });
    list.render(view([msg({ aiAnswer: true })]));
    expect(list.el.querySelector('[data-testid="sb-ask"]')).toBeNull();
  });
});

describe("widget: the vote reaches the server", () => {
  beforeEach(() => {
    localStorage.clear();
    installFakeWebSocket();
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    document.body.replaceChildren();
  });

  it("POSTs the visitor's 👍 for that message of their conversation", async () => {
    const answer = msg({ aiAnswer: true, content: "Refunds take 5 days." });
    const net = fakeFetch({
      [`POST /api/widget/${CHANNEL}/session`]: () => ({
        body: {
          visitorToken: "vt-1",
          visitor: { id: "33333333-3333-4333-8333-333333333333", name: "Ann", email: null },
          channel: { id: CHANNEL, name: "Acme", color: "#4f46e5", welcomeMessage: "Welcome", agentsOnline: true },
        },
      }),
      "GET /api/widget/conversations": () => ({
        body: { items: [{ id: CONV, status: "open", lastMessageAt: answer.createdAt, unreadCount: 0 }] },
      }),
      [`GET /api/widget/conversations/${CONV}/messages`]: () => ({ body: { items: [answer] } }),
      [`POST /api/widget/conversations/${CONV}/read`]: () => ({ status: 204 }),
      [`POST /api/widget/conversations/${CONV}/feedback`]: () => ({ status: 204 }),
    });
    const w = new Widget("https://sb.test", CHANNEL, {});
    await w.boot();
    FakeWebSocket.last.accept();
    w.open();
    const root = document.querySelector("[data-switchboard]")!.shadowRoot!;
    root.querySelector<HTMLButtonElement>('[data-testid="sb-yes"]')!.click();
    await vi.waitFor(() => expect(net.to(`POST /api/widget/conversations/${CONV}/feedback`)).toHaveLength(1));
    expect(net.to(`POST /api/widget/conversations/${CONV}/feedback`)[0]!.body).toEqual({
      messageId: answer.id,
      helpful: true,
    });
    w.destroy(true);
  });
});
