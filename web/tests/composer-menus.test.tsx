import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Composer } from "@/features/inbox/composer/composer";
import { findTrigger } from "@/features/inbox/composer/triggers";
import { fakeFetch, installFakeWebSocket } from "./fake-network";
import { ME, renderInConsole } from "./render";

const CHANNEL = "55555555-5555-4555-8555-555555555555";
const CONTACT = "77777777-7777-4777-8777-777777777777";
const SAM = "88888888-8888-4888-8888-888888888888";
let seq = 0;

const canned = (shortcut: string, title: string, body: string, scope = "shared") => ({
  id: crypto.randomUUID(),
  shortcut,
  title,
  body,
  scope,
  owner: null,
  canEdit: false,
  createdAt: "2026-01-01T00:00:00.000Z",
  updatedAt: "2026-01-01T00:00:00.000Z",
});

function setup() {
  const conversationId = `66666666-6666-4666-8666-${String(++seq).padStart(12, "0")}`;
  const net = fakeFetch({
    "GET /api/canned-responses": () => ({
      body: {
        items: [
          canned("refund", "Refund policy", "Hi {{contact.name}}, refunds take 5 days. {{agent.name}}"),
          canned("plan", "Your plan", "You are on {{contact.plan}} until {{contact.renewal}}.", "personal"),
          canned("thanks", "Thank you", "Thanks for your patience!"),
        ],
      },
    }),
    [`GET /api/conversations/${conversationId}`]: () => ({
      body: {
        id: conversationId,
        channelId: CHANNEL,
        channelType: "webchat",
        contact: { id: CONTACT, name: "Dana Reyes", email: "dana@example.com", phone: null, avatarUrl: null },
      },
    }),
    [`GET /api/contacts/${CONTACT}`]: () => ({
      body: { id: CONTACT, name: "Dana Reyes", attributes: { plan: "Pro" }, identities: [], conversations: [] },
    }),
    "GET /api/agents": () => ({
      body: {
        items: [
          { ...ME, openConversations: 0 },
          { ...ME, id: SAM, name: "Sam Lee", email: "sam@example.com", openConversations: 1 },
          {
            ...ME,
            id: crypto.randomUUID(),
            name: "Gone Person",
            email: "gone@example.com",
            disabled: true,
            openConversations: 0,
          },
        ],
      },
    }),
    [`POST /api/conversations/${conversationId}/messages`]: (req) => ({
      status: 201,
      body: { ...(req.body as object), id: crypto.randomUUID(), conversationId, attachments: [], metadata: {} },
    }),
  });
  renderInConsole(<Composer conversationId={conversationId} channelId={CHANNEL} me={ME} replyWindow={null} />, {
    inbox: true,
  });
  const sent = () => net.to(`POST /api/conversations/${conversationId}/messages`).map((r) => r.body);
  return { net, sent, input: screen.getByTestId("composer-input") as HTMLTextAreaElement };
}

const menu = () => screen.queryByTestId("trigger-menu");
const options = () => within(menu()!).getAllByRole("option");

describe("composer trigger menus", () => {
  beforeEach(() => installFakeWebSocket());
  afterEach(() => vi.unstubAllGlobals());

  it("opens only at a word start", () => {
    expect(findTrigger("/ref", 4, ["/"])).toEqual({ char: "/", query: "ref", start: 0, end: 4 });
    expect(findTrigger("hi @sa", 6, ["/", "@"])).toMatchObject({ char: "@", query: "sa" });
    expect(findTrigger("and/or", 6, ["/"])).toBeNull();
    expect(findTrigger("me@x.io", 7, ["@"])).toBeNull();
    expect(findTrigger("/ref now", 8, ["/"])).toBeNull();
  });

  it("searches canned responses as you type, fills variables, and marks the ones it cannot fill", async () => {
    const user = userEvent.setup();
    const { input } = setup();
    await user.type(input, "/");
    await waitFor(() => expect(options()).toHaveLength(3));
    await user.type(input, "pat");
    // "pat" is in no shortcut or title, only in a body ("patience").
    await waitFor(() => expect(options().map((o) => o.textContent)).toEqual([expect.stringContaining("/thanks")]));
    await user.clear(input);
    await user.type(input, "Hello /r");
    await waitFor(() => expect(options()[0]?.textContent).toContain("/refund"));
    expect(options()[0]?.getAttribute("aria-selected")).toBe("true");
    await user.keyboard("{Enter}");
    expect(input.value).toBe("Hello Hi Dana Reyes, refunds take 5 days. Ada Admin");
    expect(menu()).toBeNull();

    await user.clear(input);
    await user.type(input, "/");
    await waitFor(() => expect(options()).toHaveLength(3));
    await user.keyboard("{ArrowDown}{ArrowDown}{ArrowUp}");
    expect(options()[1]?.getAttribute("aria-selected")).toBe("true");
    // The preview already shows which variable has no value.
    expect(within(options()[1]!).getByText("{{contact.renewal}}").tagName).toBe("MARK");
    await user.keyboard("{Tab}");
    expect(input.value).toBe("You are on Pro until {{contact.renewal}}.");
    expect(screen.getByTestId("composer-unknown-variables").textContent).toContain("{{contact.renewal}}");
  });

  it("closes on Escape without losing the text, and Enter then sends", async () => {
    const user = userEvent.setup();
    const { input, sent } = setup();
    await user.type(input, "/zzz");
    await waitFor(() => expect(menu()?.textContent).toContain("No canned response matches"));
    await user.keyboard("{Escape}");
    expect(menu()).toBeNull();
    expect(input.value).toBe("/zzz");
    expect(document.activeElement).toBe(input);
    await user.keyboard("{Enter}");
    await waitFor(() => expect(sent()).toHaveLength(1));
    expect(sent()[0]).toMatchObject({ content: "/zzz", private: false });
  });

  it("mentions active teammates in notes only, and sends their ids", async () => {
    const user = userEvent.setup();
    const { input, sent } = setup();
    await user.type(input, "@sa");
    expect(menu()).toBeNull(); // a reply to the customer mentions no one
    await user.clear(input);
    await user.click(screen.getByTestId("note-toggle"));
    await user.type(input, "Ask @");
    // Me and disabled teammates are not offered.
    await waitFor(() => expect(options().map((o) => o.textContent)).toEqual([expect.stringContaining("Sam Lee")]));
    await user.type(input, "sa");
    await user.keyboard("{Enter}");
    expect(input.value).toBe("Ask @Sam Lee ");
    await user.type(input, "about it");
    await user.keyboard("{Enter}");
    await waitFor(() => expect(sent()).toHaveLength(1));
    expect(sent()[0]).toEqual({
      content: "Ask @Sam Lee about it",
      private: true,
      attachmentIds: [],
      mentions: [SAM],
    });
  });

  it("formats the selection from the toolbar and with Ctrl+B", async () => {
    const user = userEvent.setup();
    const { input } = setup();
    await user.type(input, "very important");
    input.setSelectionRange(5, 14);
    await user.keyboard("{Control>}b{/Control}");
    expect(input.value).toBe("very **important**");
    input.setSelectionRange(0, 4);
    await user.click(screen.getByRole("button", { name: "Italic" }));
    expect(input.value).toBe("_very_ **important**");
  });
});
