import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { MessageBubble } from "@/features/inbox/thread/message-bubble";
import type { Message } from "@/lib/types";
import { fakeFetch } from "./fake-network";
import { ME, renderInConsole } from "./render";

const CONV = "77777777-7777-4777-8777-777777777777";
const ARTICLE = "66666666-6666-4666-8666-666666666666";
const QA = "55555555-5555-4555-8555-555555555555";

function aiMessage(over: Partial<Message> = {}, ai: Record<string, unknown> = {}): Message {
  return {
    id: "11111111-1111-4111-8111-111111111111",
    conversationId: CONV,
    direction: "outbound",
    senderType: "ai",
    sender: { id: null, name: "AI agent", avatarUrl: null },
    private: false,
    kind: "text",
    metadata: {
      ai: {
        kind: "answer",
        decisionId: "22222222-2222-4222-8222-222222222222",
        rule: "confident_answer",
        confidence: 0.82,
        provider: "matcher",
        model: null,
        sources: [
          {
            chunkId: "33333333-3333-4333-8333-333333333333",
            sourceType: "article",
            sourceId: ARTICLE,
            title: "Refunds",
            heading: "How long refunds take",
            score: 0.0321,
          },
          {
            chunkId: "44444444-4444-4444-8444-444444444440",
            sourceType: "qa",
            sourceId: QA,
            title: "Can I get my money back?",
            heading: null,
            score: 0.0154,
          },
        ],
        ...ai,
      },
    },
    content: "Refunds reach your card within 5 working days.",
    attachments: [],
    status: "sent",
    error: null,
    createdAt: "2026-12-01T12:00:00.000Z",
    ...over,
  };
}

const bubble = (m: Message) => <MessageBubble message={m} groupStart groupEnd contactName="Dana" />;

describe("AI messages in the thread", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("marks the AI's answer and shows its sources as links into the knowledge base, and the rule", async () => {
    fakeFetch({
      [`GET /api/conversations/${CONV}/ai`]: () => ({ body: { state: null, decisions: [], feedback: [] } }),
    });
    renderInConsole(bubble(aiMessage()));
    const el = screen.getByTestId("message-bubble");
    expect(el.dataset.senderType).toBe("ai");
    expect(within(el).getByText("AI")).toBeTruthy();
    const chips = screen.getAllByTestId("ai-source");
    expect(chips.map((c) => c.textContent)).toEqual(["Refunds › How long refunds take", "Can I get my money back?"]);
    expect(chips.map((c) => c.getAttribute("href"))).toEqual([`/knowledge/articles/${ARTICLE}`, `/knowledge/qa/${QA}`]);
    expect(screen.getByTestId("ai-rule").textContent).toContain("confident answer");
    expect(screen.getByTestId("ai-rule").textContent).toContain("82 % confident");
    expect(screen.getByRole("button", { name: /mark wrong/i })).toBeTruthy();
  });

  it("'Mark wrong' sends the note, then shows the marked state with undo", async () => {
    const mine = { user: { id: ME.id, name: ME.name }, note: "Now 10 days", createdAt: "2026-12-01T12:05:00.000Z" };
    let feedback: unknown[] = [];
    const net = fakeFetch({
      [`GET /api/conversations/${CONV}/ai`]: () => ({ body: { state: null, decisions: [], feedback } }),
      "POST /api/ai/messages/11111111-1111-4111-8111-111111111111/feedback": () => {
        feedback = [{ messageId: "11111111-1111-4111-8111-111111111111", wrong: [mine], mine }];
        return { body: feedback[0] };
      },
      "DELETE /api/ai/messages/11111111-1111-4111-8111-111111111111/feedback": () => {
        feedback = [];
        return { status: 204 };
      },
    });
    renderInConsole(bubble(aiMessage()));
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: /mark wrong/i }));
    await user.type(screen.getByLabelText("What was wrong"), "Now 10 days");
    await user.click(within(screen.getByRole("dialog")).getByRole("button", { name: /mark wrong/i }));
    await waitFor(() => expect(screen.getByTestId("ai-marked-wrong").textContent).toContain("Marked wrong by you"));
    expect(net.to("POST /api/ai/messages/11111111-1111-4111-8111-111111111111/feedback")[0]!.body).toEqual({
      note: "Now 10 days",
    });
    await user.click(screen.getByRole("button", { name: /undo/i }));
    await waitFor(() => expect(screen.queryByTestId("ai-marked-wrong")).toBeNull());
    expect(net.to("DELETE /api/ai/messages/11111111-1111-4111-8111-111111111111/feedback")).toHaveLength(1);
    expect(screen.getByRole("button", { name: /mark wrong/i })).toBeTruthy();
  });

  it("shows another agent's verdict without undo for me", async () => {
    const theirs = { user: { id: "99999999-9999-4999-8999-999999999999", name: "Sam" }, note: "", createdAt: "x" };
    fakeFetch({
      [`GET /api/conversations/${CONV}/ai`]: () => ({
        body: {
          state: null,
          decisions: [],
          feedback: [{ messageId: "11111111-1111-4111-8111-111111111111", wrong: [theirs], mine: null }],
        },
      }),
    });
    renderInConsole(bubble(aiMessage()));
    await waitFor(() => expect(screen.getByTestId("ai-marked-wrong").textContent).toBe("Marked wrong by Sam"));
    expect(screen.queryByRole("button", { name: /undo/i })).toBeNull();
  });

  it("another agent's 'mark wrong' arriving live (ai.feedback.updated) shows on the badge, and its withdrawal clears it", async () => {
    const { applyEvent } = await import("@/features/realtime/apply-event");
    fakeFetch({
      [`GET /api/conversations/${CONV}/ai`]: () => ({ body: { state: null, decisions: [], feedback: [] } }),
    });
    const { qc } = renderInConsole(bubble(aiMessage()));
    expect(await screen.findByRole("button", { name: /mark wrong/i })).toBeTruthy();
    const theirs = { user: { id: "99999999-9999-4999-8999-999999999999", name: "Sam" }, note: "", createdAt: "x" };
    const event = { type: "ai.feedback.updated" as const, conversationId: CONV, messageId: aiMessage().id };
    act(() => applyEvent(qc, { ...event, wrong: [theirs] }, ME.id));
    await waitFor(() => expect(screen.getByTestId("ai-marked-wrong").textContent).toBe("Marked wrong by Sam"));
    act(() => applyEvent(qc, { ...event, wrong: [] }, ME.id));
    await waitFor(() => expect(screen.queryByTestId("ai-marked-wrong")).toBeNull());
  });

  it("renders the private handoff note as a card with the reason, rule and summary (not a bubble)", () => {
    fakeFetch({});
    const note = aiMessage(
      { id: "12121212-1212-4212-8212-121212121212", private: true, content: "Handoff" },
      {
        kind: "handoff",
        rule: "customer_asked_for_human",
        reason: "The customer asked for a person (Spanish)",
        summary: "Wants a refund for order 1042",
        sources: [],
      },
    );
    renderInConsole(bubble(note));
    expect(screen.queryByTestId("message-bubble")).toBeNull();
    const card = screen.getByTestId("handoff-note");
    expect(within(card).getByText("customer asked for human")).toBeTruthy();
    expect(screen.getByTestId("handoff-reason").textContent).toBe("The customer asked for a person (Spanish)");
    expect(screen.getByTestId("handoff-summary").textContent).toBe("Wants a refund for order 1042");
    expect(within(card).getByText("Private")).toBeTruthy();
  });

  it("leaves human and customer messages alone", () => {
    const net = fakeFetch({});
    renderInConsole(
      bubble(aiMessage({ senderType: "agent", sender: { id: ME.id, name: ME.name, avatarUrl: null }, metadata: {} })),
    );
    expect(screen.queryByTestId("ai-details")).toBeNull();
    expect(net.requests).toHaveLength(0);
  });
});
