import { act, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Composer } from "@/features/inbox/composer/composer";
import type { Message, ReplyWindow } from "@/lib/types";
import { fakeFetch, FakeWebSocket, installFakeWebSocket } from "./fake-network";
import { ME, renderInConsole } from "./render";

const CHANNEL = "55555555-5555-4555-8555-555555555555";
let convSeq = 0;

function serverCopy(conversationId: string, body: { content: string; private: boolean }): Message {
  return {
    id: crypto.randomUUID(),
    conversationId,
    direction: "outbound",
    senderType: "agent",
    sender: { id: ME.id, name: ME.name, avatarUrl: null },
    private: body.private,
    kind: "text",
    metadata: {},
    content: body.content,
    attachments: [],
    status: "queued",
    error: null,
    createdAt: new Date().toISOString(),
  };
}

const sendButton = () => screen.getByTestId("composer-send") as HTMLButtonElement;

/** A fresh conversation id per test: the composer keeps drafts per conversation. */
function setup(replyWindow: ReplyWindow | null = null, answer?: { status: number; body: unknown }) {
  const conversationId = `66666666-6666-4666-8666-${String(++convSeq).padStart(12, "0")}`;
  const net = fakeFetch({
    [`POST /api/conversations/${conversationId}/messages`]: (req) =>
      answer ?? { status: 201, body: serverCopy(conversationId, req.body as { content: string; private: boolean }) },
  });
  renderInConsole(<Composer conversationId={conversationId} channelId={CHANNEL} me={ME} replyWindow={replyWindow} />, {
    inbox: true,
  });
  const sent = () => net.to(`POST /api/conversations/${conversationId}/messages`).map((r) => r.body);
  return { conversationId, net, sent, input: screen.getByTestId("composer-input") as HTMLTextAreaElement };
}

describe("composer", () => {
  beforeEach(() => installFakeWebSocket());
  afterEach(() => vi.unstubAllGlobals());

  it("sends the trimmed reply on Enter and keeps Shift+Enter for a new line", async () => {
    const user = userEvent.setup();
    const { input, sent } = setup();
    expect(sendButton().disabled).toBe(true);
    await user.click(input);
    await user.keyboard("{Enter}");
    expect(sent()).toEqual([]);
    await user.type(input, "  Hello{Shift>}{Enter}{/Shift}there  ");
    expect(input.value).toBe("  Hello\nthere  ");
    expect(sent()).toEqual([]);
    await user.keyboard("{Enter}");
    await waitFor(() => expect(sent()).toEqual([{ content: "Hello\nthere", private: false, attachmentIds: [] }]));
    expect(input.value).toBe("");
  });

  it("sends a private note in note mode, by button as well", async () => {
    const user = userEvent.setup();
    const { input, sent } = setup();
    await user.click(screen.getByTestId("note-toggle"));
    expect(input.dataset.mode).toBe("note");
    await user.type(input, "Customer is a VIP");
    await user.click(screen.getByTestId("composer-send"));
    await waitFor(() => expect(sent()).toEqual([{ content: "Customer is a VIP", private: true, attachmentIds: [] }]));
  });

  it("puts the text back when the server refuses the message", async () => {
    const user = userEvent.setup();
    const { input, sent } = setup(null, {
      status: 502,
      body: { error: { code: "provider_unavailable", message: "WhatsApp is not answering" } },
    });
    await user.type(input, "Are you there?{Enter}");
    await waitFor(() => expect(sent()).toHaveLength(1));
    await waitFor(() => expect(input.value).toBe("Are you there?"));
  });

  it("tells the customer's agent they are typing, over the socket", async () => {
    const user = userEvent.setup();
    const { input, conversationId } = setup();
    await waitFor(() => expect(FakeWebSocket.all.length).toBeGreaterThan(0));
    act(() => FakeWebSocket.last.accept());
    await user.type(input, "Hi");
    expect(FakeWebSocket.last.sent).toContainEqual({ type: "typing", conversationId, typing: true });
    await user.keyboard("{Enter}");
    expect(FakeWebSocket.last.sent.at(-1)).toEqual({ type: "typing", conversationId, typing: false });
  });

  it("refuses free text once the reply window has closed, but still takes notes", async () => {
    const user = userEvent.setup();
    // The server still says "open", but closesAt has passed: the composer knows better.
    const { input, sent } = setup({
      open: true,
      closesAt: new Date(Date.now() - 60_000).toISOString(),
      rule: "24h",
      templatesOnly: false,
    });
    expect(screen.getByTestId("reply-window-closed").textContent).toContain("The reply window is closed");
    await user.type(input, "Too late{Enter}");
    expect(sendButton().disabled).toBe(true);
    expect(sent()).toEqual([]);
    await user.click(screen.getByTestId("note-toggle"));
    expect(screen.queryByTestId("reply-window-closed")).toBeNull();
    await user.click(input);
    await user.keyboard("{Enter}");
    await waitFor(() => expect(sent()).toEqual([{ content: "Too late", private: true, attachmentIds: [] }]));
  });
});
