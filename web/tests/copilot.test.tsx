import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Composer } from "@/features/inbox/composer/composer";
import { installFakeWebSocket } from "./fake-network";
import { ME, renderInConsole } from "./render";

const CHANNEL = "55555555-5555-4555-8555-555555555555";
let seq = 0;

/** A fetch whose copilot answer is an event stream we feed by hand (to see it arrive piece by piece). */
function stubCopilot(answer: (body: any) => { status?: number; json?: unknown } | "stream") {
  const requests: { path: string; body: any }[] = [];
  let push: (e: unknown) => void = () => {};
  let end: () => void = () => {};
  vi.stubGlobal(
    "fetch",
    vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
      const path = new URL(String(input), window.location.href).pathname;
      const body = typeof init.body === "string" ? JSON.parse(init.body) : undefined;
      requests.push({ path, body });
      if (!path.endsWith("/copilot"))
        return new Response("{}", { status: 404, headers: { "content-type": "application/json" } });
      const a = answer(body);
      if (a !== "stream")
        return new Response(JSON.stringify(a.json ?? {}), {
          status: a.status ?? 200,
          headers: { "content-type": "application/json" },
        });
      const enc = new TextEncoder();
      const stream = new ReadableStream<Uint8Array>({
        start(c) {
          push = (e) => c.enqueue(enc.encode(`data: ${JSON.stringify(e)}\n\n`));
          end = () => c.close();
        },
      });
      return new Response(stream, { status: 200, headers: { "content-type": "text/event-stream" } });
    }),
  );
  return { requests, push: (e: unknown) => push(e), end: () => end() };
}

function setup() {
  const conversationId = `77777777-7777-4777-8777-${String(++seq).padStart(12, "0")}`;
  renderInConsole(<Composer conversationId={conversationId} channelId={CHANNEL} me={ME} replyWindow={null} />, {
    inbox: true,
  });
  return { conversationId, input: screen.getByTestId("composer-input") as HTMLTextAreaElement };
}

describe("composer copilot", () => {
  beforeEach(() => installFakeWebSocket());
  afterEach(() => vi.unstubAllGlobals());

  it("Ctrl+J suggests a reply that streams in, and 'Use in reply' puts it in the composer without sending", async () => {
    const user = userEvent.setup();
    const net = stubCopilot(() => "stream");
    const { conversationId, input } = setup();
    await user.click(input);
    await user.keyboard("{Control>}j{/Control}");
    await waitFor(() => expect(net.requests.some((r) => r.path.endsWith("/copilot"))).toBe(true));
    const req = net.requests.find((r) => r.path.endsWith("/copilot"))!;
    expect(req.path).toBe(`/api/conversations/${conversationId}/copilot`);
    expect(req.body).toEqual({ action: "suggest" });

    net.push({ type: "start", provider: "openai", model: "gpt-5-mini", extractive: false });
    net.push({ type: "sources", sources: [{ title: "Refund policy", chunkId: "c1" }] });
    net.push({ type: "delta", text: "Refunds take " });
    expect(await screen.findByText(/Refunds take/)).toBeTruthy();
    expect((screen.getByTestId("copilot-use") as HTMLButtonElement).disabled).toBe(true); // still streaming
    net.push({ type: "delta", text: "5 business days." });
    net.push({ type: "done" });
    net.end();
    await waitFor(() => expect(screen.getByTestId("copilot-text").textContent).toBe("Refunds take 5 business days."));
    expect(screen.getByText(/Based on: Refund policy/)).toBeTruthy();
    await user.click(screen.getByTestId("copilot-use"));
    expect(input.value).toBe("Refunds take 5 business days.");
    expect(screen.queryByTestId("copilot-panel")).toBeNull();
    expect(net.requests.filter((r) => r.path.endsWith("/messages"))).toEqual([]);
  });

  it("shows the answer matcher's knowledge matches as drafts to pick from", async () => {
    const user = userEvent.setup();
    const net = stubCopilot(() => "stream");
    const { input } = setup();
    await user.click(screen.getByTestId("copilot-menu"));
    await user.click(await screen.findByText("Suggest a reply"));
    net.push({ type: "start", provider: "matcher", model: null, extractive: true });
    net.push({ type: "draft", text: "Refunds go to the original card.", title: "Refund policy" });
    net.push({ type: "draft", text: "Parcels ship in 3 days.", title: "Shipping" });
    net.push({ type: "done" });
    net.end();
    expect(await screen.findByText(/from your knowledge base/)).toBeTruthy();
    const uses = await screen.findAllByRole("button", { name: "Use in reply" });
    expect(uses).toHaveLength(2);
    await user.click(uses[1]!);
    expect(input.value).toBe("Parcels ship in 3 days.");
  });

  it("rephrases the draft; a refusal (the matcher cannot rephrase) is shown, the draft kept", async () => {
    const user = userEvent.setup();
    const net = stubCopilot(() => ({
      status: 422,
      json: { error: { code: "settings_invalid", message: "Rephrasing needs a language model" } },
    }));
    const { input } = setup();
    await user.type(input, "pls wait");
    await user.click(screen.getByTestId("copilot-menu"));
    await user.click(await screen.findByText("Friendlier"));
    expect(await screen.findByText("Rephrasing needs a language model")).toBeTruthy();
    expect(net.requests.find((r) => r.path.endsWith("/copilot"))!.body).toEqual({
      action: "rephrase",
      text: "pls wait",
      style: "friendlier",
    });
    expect(input.value).toBe("pls wait");
  });
});
