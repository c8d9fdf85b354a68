import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fakeFetch, FakeWebSocket, installFakeWebSocket } from "../../web/tests/fake-network";
import { MessageStore } from "../src/state";
import type { ViewMessage, WidgetMessage } from "../src/types";
import { createComposer } from "../src/ui/composer";
import { createLauncher } from "../src/ui/launcher";
import { MessageList } from "../src/ui/messages";
import { createPrechat } from "../src/ui/prechat";
import { Widget } from "../src/widget";

const CHANNEL = "11111111-1111-4111-8111-111111111111";
const CONV = "22222222-2222-4222-8222-222222222222";
const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000).toISOString();

let seq = 0;
function msg(patch: Partial<ViewMessage> = {}): ViewMessage {
  seq++;
  return {
    id: `00000000-0000-4000-8000-${String(seq).padStart(12, "0")}`,
    conversationId: CONV,
    from: "agent",
    sender: { name: "Alice Agent", avatarUrl: null },
    content: `message ${seq}`,
    attachments: [],
    status: "sent",
    createdAt: minutesAgo(1),
    ...patch,
  };
}

const deps = { url: (p: string) => new URL(p, "https://sb.test").href, retry: vi.fn() };
const view = (messages: ViewMessage[]) => ({
  messages,
  channelName: "Acme",
  welcome: "Hi! Ask us anything.",
  typing: null,
  prechat: null,
});

describe("widget message list", () => {
  it("renders messages as text, groups a sender's run under one name, and links URLs", () => {
    const list = new MessageList(deps);
    list.render(
      view([
        msg({ content: "Hello, see https://example.com/help." }),
        msg({ content: "<img src=x onerror=alert(1)>" }),
        msg({ from: "visitor", sender: { name: null, avatarUrl: null }, content: "thanks" }),
      ]),
    );
    const rows = list.el.querySelectorAll<HTMLElement>('[data-testid="sb-message"]');
    expect([...rows].map((r) => r.dataset.from)).toEqual(["agent", "agent", "visitor"]);
    expect(list.el.querySelector('[data-testid="sb-welcome"]')?.textContent).toContain("Ask us anything");
    // One name label for the two agent messages in a row.
    expect([...list.el.querySelectorAll(".name")].map((n) => n.textContent)).toEqual(["Acme", "Alice Agent"]);
    const link = rows[0]!.querySelector("a");
    expect(link?.getAttribute("href")).toBe("https://example.com/help");
    expect(link?.getAttribute("rel")).toContain("noopener");
    // Message text is never parsed as HTML.
    expect(rows[1]!.querySelector("img")).toBeNull();
    expect(rows[1]!.textContent).toContain("<img src=x onerror=alert(1)>");
  });

  it("shows the visitor's delivery state: sent, seen, sending, and a retry for a failed one", () => {
    const list = new MessageList(deps);
    const failed = msg({ from: "visitor", content: "lost", failed: true, createdAt: minutesAgo(0) });
    list.render(view([msg({ from: "visitor", content: "first", status: "read", createdAt: minutesAgo(30) }), failed]));
    const rows = list.el.querySelectorAll<HTMLElement>('[data-testid="sb-message"]');
    expect(rows[0]!.querySelector('[data-testid="sb-status"]')?.textContent).toBe("Seen");
    expect(rows[1]!.textContent).toContain("Not sent");
    rows[1]!.querySelector("button")!.click();
    expect(deps.retry).toHaveBeenCalledWith(failed.id);

    list.render(view([msg({ from: "visitor", content: "on its way", pending: true })]));
    expect(list.el.querySelector('[data-testid="sb-message"]')?.textContent).toContain("Sending…");
  });

  it("puts a day separator between days and keeps unchanged rows' nodes between renders", () => {
    const list = new MessageList(deps);
    const old = msg({ createdAt: new Date(Date.now() - 26 * 3600_000).toISOString() });
    const today = msg({ createdAt: minutesAgo(1) });
    list.render(view([old, today]));
    const days = [...list.el.querySelectorAll(".day")].map((d) => d.textContent);
    expect(days).toHaveLength(2);
    expect(days[1]).toBe("Today");
    const node = list.el.querySelector(`[data-id="${today.id}"]`);
    list.render(view([old, today]));
    expect(list.el.querySelector(`[data-id="${today.id}"]`)).toBe(node);
    list.render(view([old, { ...today, content: "edited" }]));
    expect(list.el.querySelector(`[data-id="${today.id}"]`)).not.toBe(node);
    expect(list.el.querySelector(`[data-id="${today.id}"]`)?.textContent).toContain("edited");
  });

  it("never downgrades a delivery status when a late answer arrives", () => {
    const store = new MessageStore();
    const m = msg({ from: "visitor", status: "read" });
    store.upsert(m);
    store.upsert({ ...m, status: "sent" });
    expect(store.get(m.id)?.status).toBe("read");
    const pending = msg({ from: "visitor", pending: true });
    store.upsert(pending);
    store.reset([msg()]);
    expect(store.get(pending.id)).toBeDefined(); // still being sent: survives a refresh
    expect(store.size).toBe(2);
  });
});

describe("widget launcher badge", () => {
  it("counts unread messages while closed and hides when open or nothing is unread", () => {
    const l = createLauncher(() => {});
    const badge = l.el.querySelector<HTMLElement>('[data-testid="sb-unread"]')!;
    l.update(false, 0, "Acme");
    expect(badge.hidden).toBe(true);
    l.update(false, 3, "Acme");
    expect(badge.hidden).toBe(false);
    expect(badge.textContent).toBe("3");
    expect(l.el.getAttribute("aria-label")).toBe("Open chat with Acme (3 unread)");
    l.update(false, 150, "Acme");
    expect(badge.textContent).toBe("99+");
    l.update(true, 3, "Acme");
    expect(badge.hidden).toBe(true);
    expect(l.el.getAttribute("aria-expanded")).toBe("true");
  });
});

describe("widget pre-chat form", () => {
  function form() {
    const onSubmit = vi.fn();
    const onSkip = vi.fn();
    const el = createPrechat(onSubmit, onSkip);
    document.body.append(el);
    const set = (name: string, email: string) => {
      el.querySelector<HTMLInputElement>("#sb-pc-name")!.value = name;
      el.querySelector<HTMLInputElement>("#sb-pc-email")!.value = email;
    };
    const submit = () => el.querySelector<HTMLButtonElement>('[data-testid="sb-prechat-submit"]')!.click();
    return { el, onSubmit, onSkip, set, submit };
  }
  afterEach(() => document.body.replaceChildren());

  it("refuses an invalid email and sends trimmed details", () => {
    const f = form();
    f.set("Ann", "not-an-email");
    f.submit();
    expect(f.onSubmit).not.toHaveBeenCalled();
    f.set("  Ann  ", " ann@example.com ");
    f.submit();
    expect(f.onSubmit).toHaveBeenCalledWith("Ann", "ann@example.com");
  });

  it("treats an empty form as a skip", () => {
    const f = form();
    f.set("  ", "");
    f.submit();
    expect(f.onSubmit).not.toHaveBeenCalled();
    expect(f.onSkip).toHaveBeenCalledOnce();
  });
});

describe("widget composer", () => {
  it("sends on Enter, keeps Shift+Enter for a new line, and never sends blank text", () => {
    const on = { send: vi.fn(), files: vi.fn(), input: vi.fn() };
    const c = createComposer(on);
    const send = c.el.querySelector<HTMLButtonElement>('[data-testid="sb-send"]')!;
    const type = (v: string) => {
      c.input.value = v;
      c.input.dispatchEvent(new Event("input"));
    };
    const key = (init: KeyboardEventInit) =>
      c.input.dispatchEvent(new KeyboardEvent("keydown", { cancelable: true, ...init }));
    type("   ");
    expect(send.disabled).toBe(true);
    key({ key: "Enter" });
    expect(on.send).not.toHaveBeenCalled();
    type("Hello");
    expect(send.disabled).toBe(false);
    expect(on.input).toHaveBeenLastCalledWith(false);
    key({ key: "Enter", shiftKey: true });
    expect(on.send).not.toHaveBeenCalled();
    key({ key: "Enter" });
    expect(on.send).toHaveBeenCalledWith("Hello");
    expect(c.input.value).toBe("");
  });
});

describe("widget: unread messages from the agent", () => {
  beforeEach(() => {
    localStorage.clear();
    installFakeWebSocket();
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    document.body.replaceChildren();
  });

  it("counts agent messages that arrive while the chat is closed, and marks them read on open", async () => {
    const first = msg({ content: "Hi, can I help?" });
    const net = fakeFetch({
      [`POST /api/widget/${CHANNEL}/session`]: () => ({
        body: {
          visitorToken: "vt-1",
          visitor: { id: "33333333-3333-4333-8333-333333333333", name: "Ann", email: null },
          channel: { id: CHANNEL, name: "Acme", color: "#4f46e5", welcomeMessage: "Welcome", agentsOnline: true },
        },
      }),
      "GET /api/widget/conversations": () => ({
        body: { items: [{ id: CONV, status: "open", lastMessageAt: first.createdAt, unreadCount: 1 }] },
      }),
      [`GET /api/widget/conversations/${CONV}/messages`]: () => ({ body: { items: [first] } }),
      [`POST /api/widget/conversations/${CONV}/read`]: () => ({ status: 204 }),
    });
    const w = new Widget("https://sb.test", CHANNEL, {});
    await w.boot();
    const root = document.querySelector("[data-switchboard]")!.shadowRoot!;
    const badge = root.querySelector<HTMLElement>('[data-testid="sb-unread"]')!;
    expect(badge.hidden).toBe(false);
    expect(badge.textContent).toBe("1");

    // The visitor socket carries the token; a new agent message while closed bumps the badge.
    expect(FakeWebSocket.last.url).toBe("wss://sb.test/ws?visitorToken=vt-1");
    FakeWebSocket.last.accept();
    const second: WidgetMessage = msg({ content: "Still there?" });
    FakeWebSocket.last.push({ type: "message.created", message: second });
    expect(badge.textContent).toBe("2");
    // The same message again (POST answer and socket event both arrive) is not counted twice.
    FakeWebSocket.last.push({ type: "message.created", message: second });
    expect(badge.textContent).toBe("2");
    // A system line is not something to read.
    FakeWebSocket.last.push({ type: "message.created", message: msg({ from: "system", content: "Assigned" }) });
    expect(badge.textContent).toBe("2");

    w.open();
    expect(badge.hidden).toBe(true);
    expect(root.querySelectorAll('[data-testid="sb-message"]')).toHaveLength(3);
    await vi.waitFor(() => expect(net.to(`POST /api/widget/conversations/${CONV}/read`)).toHaveLength(1));
    w.destroy(true);
  });
});
