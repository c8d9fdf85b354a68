import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fakeFetch, installFakeWebSocket } from "../../web/tests/fake-network";
import { replyTime } from "../src/ui/availability";
import { Widget } from "../src/widget";

const CHANNEL = "11111111-1111-4111-8111-111111111111";
const CONV = "22222222-2222-4222-8222-222222222222";
const VISITOR = { id: "33333333-3333-4333-8333-333333333333", name: null, email: null };

type Availability = { state: "online" | "replies_in" | "away"; typicalReplySeconds: number | null };

function boot(availability: Availability, later?: Availability) {
  const channel = {
    id: CHANNEL,
    name: "Acme",
    color: "#4f46e5",
    welcomeMessage: "Hi",
    agentsOnline: false,
    availability,
  };
  const net = fakeFetch({
    [`POST /api/widget/${CHANNEL}/session`]: () => ({ body: { visitorToken: "vt-1", visitor: VISITOR, channel } }),
    [`GET /api/widget/${CHANNEL}/availability`]: () => ({ body: later ?? availability }),
    "GET /api/widget/conversations": () => ({ body: { items: [] } }),
    "POST /api/widget/messages": (req) => ({
      status: 201,
      body: {
        id: "44444444-4444-4444-8444-444444444444",
        conversationId: CONV,
        from: "visitor",
        sender: { name: null, avatarUrl: null },
        content: (req.body as { content: string }).content,
        attachments: [],
        status: "sent",
        createdAt: new Date().toISOString(),
      },
    }),
    [`GET /api/widget/conversations/${CONV}/messages`]: () => ({ body: { items: [] } }),
    "POST /api/widget/context": () => ({ status: 204 }),
  });
  const w = new Widget("https://sb.test", CHANNEL, {});
  return { w, net };
}
const root = () => document.querySelector("[data-switchboard]")!.shadowRoot!;
const sub = () => root().querySelector(".sub")!.textContent;
const away = () => root().querySelector<HTMLElement>('[data-testid="sb-away"]')!;

describe("widget: what it says about being answered", () => {
  beforeEach(() => {
    localStorage.clear();
    installFakeWebSocket();
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    document.body.replaceChildren();
  });

  it("says online now only when an agent is online", async () => {
    const { w } = boot({ state: "online", typicalReplySeconds: 240 });
    await w.boot();
    expect(sub()).toBe("Online now");
    expect(away().hidden).toBe(true);
    w.destroy(true);
  });

  it("gives the typical reply time from real replies, never the old 'a few minutes'", async () => {
    const { w } = boot({ state: "replies_in", typicalReplySeconds: 2 * 3600 });
    await w.boot();
    expect(sub()).toBe("Typically replies in about 2 hours");
    expect(root().textContent).not.toContain("a few minutes");
    w.destroy(true);
  });

  it("when away, says so, how the visitor will be answered, and asks for an email", async () => {
    const { w, net } = boot({ state: "away", typicalReplySeconds: null });
    await w.boot();
    w.open();
    expect(sub()).toBe("Away · leave a message");
    expect(away().hidden).toBe(false);
    expect(away().textContent).toContain("we'll reply here and by email");
    // The pre-chat card asks for the email first; once skipped, the away note asks instead.
    root().querySelector<HTMLButtonElement>('[data-testid="sb-prechat-skip"]')!.click();
    const email = root().querySelector<HTMLInputElement>('[data-testid="sb-away-email"]')!;
    expect(email.closest("form")!.hidden).toBe(false);
    email.value = "dana@example.com";
    email.closest("form")!.requestSubmit();
    await vi.waitFor(() =>
      expect(net.to(`POST /api/widget/${CHANNEL}/session`).at(-1)!.body).toMatchObject({ email: "dana@example.com" }),
    );
    w.destroy(true);
  });

  it("refreshes the state when the chat is opened", async () => {
    const { w } = boot({ state: "away", typicalReplySeconds: null }, { state: "online", typicalReplySeconds: null });
    await w.boot();
    expect(sub()).toBe("Away · leave a message");
    w.open();
    await vi.waitFor(() => expect(sub()).toBe("Online now"));
    w.destroy(true);
  });

  it("sends the page, referrer, language and time zone with the session, and again after the first message", async () => {
    document.title = "Blue kettle — Shop";
    const { w, net } = boot({ state: "online", typicalReplySeconds: null });
    await w.boot();
    const sent = net.to(`POST /api/widget/${CHANNEL}/session`)[0]!.body as { context: Record<string, string> };
    expect(sent.context).toMatchObject({ pageUrl: location.href, pageTitle: "Blue kettle — Shop" });
    expect(sent.context.timeZone).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
    expect(sent.context.language).toBe(navigator.language);
    await w.send("Is it in stock?");
    await vi.waitFor(() => expect(net.to("POST /api/widget/context")).toHaveLength(1));
    expect(net.to("POST /api/widget/context")[0]!.body).toMatchObject({ pageUrl: location.href });
    w.destroy(true);
  });

  it("rounds the median to what a person would say", () => {
    expect(replyTime(20)).toBe("under a minute");
    expect(replyTime(60)).toBe("1 minute");
    expect(replyTime(185)).toBe("3 minutes");
    expect(replyTime(3600)).toBe("about an hour");
    expect(replyTime(3 * 86_400)).toBe("about 3 days");
  });
});
