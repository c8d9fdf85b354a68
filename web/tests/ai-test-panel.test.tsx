import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { batchCsv, parseQuestions } from "@/features/ai/test-csv";
import { AiTestPanel } from "@/features/ai/test-panel";
import { fakeFetch } from "./fake-network";
import { renderInConsole } from "./render";

const source = {
  chunkId: "33333333-3333-4333-8333-333333333333",
  sourceType: "article",
  sourceId: "66666666-6666-4666-8666-666666666666",
  title: "Refunds",
  heading: "How long refunds take",
  score: 0.0321,
};
const answer = (q: string) => ({
  answer: `**Refunds** take 5 days (${q})`,
  action: "answer",
  rule: "confident_answer",
  reason: "The knowledge base answers this with high confidence",
  summary: null,
  confidence: 0.82,
  sources: [source],
  provider: "matcher",
  model: null,
  latencyMs: 12,
});
const handoff = {
  answer: null,
  action: "handoff",
  rule: "customer_asked_for_human",
  reason: "The customer asked for a person",
  summary: "Wants a person",
  confidence: null,
  sources: [],
  provider: "matcher",
  model: null,
  latencyMs: 3,
};

describe("the AI test panel", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("asks one question with the unsaved settings and shows the answer as Markdown, its sources and the decision", async () => {
    const net = fakeFetch({
      "POST /api/ai/test": (r) => ({ body: answer((r.body as { question: string }).question) }),
    });
    renderInConsole(<AiTestPanel settings={{ confidenceThreshold: 0.7 }} unsaved />);
    expect(screen.getByText("Using your unsaved changes")).toBeTruthy();
    expect(screen.getByText("Try a question")).toBeTruthy();
    const user = userEvent.setup();
    await user.type(screen.getByLabelText("Question"), "how long do refunds take{Enter}");
    const result = await screen.findByTestId("test-result");
    expect(net.to("POST /api/ai/test")[0]!.body).toEqual({
      question: "how long do refunds take",
      settings: { confidenceThreshold: 0.7 },
    });
    expect(within(result).getByTestId("test-action").textContent).toContain("Answers");
    expect(within(result).getByText("Refunds", { selector: "strong" })).toBeTruthy();
    expect(within(result).getByText("confident answer")).toBeTruthy();
    expect(screen.getByTestId("test-reason").textContent).toBe("The knowledge base answers this with high confidence");
    expect(within(result).getByTestId("ai-source").textContent).toBe("Refunds › How long refunds take");
    expect(within(result).getByText("82 % confident")).toBeTruthy();
  });

  it("shows a handoff plainly, and a failure with retry", async () => {
    let fail = true;
    fakeFetch({
      "POST /api/ai/test": () =>
        fail ? { status: 500, body: { error: { code: "internal", message: "Boom" } } } : { body: handoff },
    });
    renderInConsole(<AiTestPanel />);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText("Question"), "I want a person");
    await user.click(screen.getByRole("button", { name: "Ask" }));
    expect((await screen.findByRole("alert")).textContent).toContain("Boom");
    fail = false;
    await user.click(screen.getByRole("button", { name: /try again/i }));
    const result = await screen.findByTestId("test-result");
    expect(within(result).getByTestId("test-action").textContent).toContain("Hands off");
    expect(result.textContent).toContain("Wants a person");
    expect(screen.queryByTestId("test-answer")).toBeNull();
  });

  it("runs a pasted batch in chunks with progress, flags what would hand off, and totals", async () => {
    const net = fakeFetch({
      "POST /api/ai/test/batch": (r) => {
        const qs = (r.body as { questions: string[] }).questions;
        const items = qs.map((q) => ({ question: q, result: q.includes("person") ? handoff : answer(q), error: null }));
        return {
          body: { items, totals: { questions: qs.length, answered: 0, offeredHuman: 0, wouldHandOff: 0, failed: 0 } },
        };
      },
    });
    renderInConsole(<AiTestPanel />);
    const user = userEvent.setup();
    await user.click(screen.getByRole("tab", { name: /batch test/i }));
    const questions = ["q1 refunds", "q2 a person please", "q3", "q4", "q5", "q6", "q7 person", "", "q3"];
    fireEvent.change(screen.getByLabelText("Questions, one per line"), { target: { value: questions.join("\n") } });
    expect(screen.getByTestId("batch-count").textContent).toContain("7 / 50");
    await user.click(screen.getByRole("button", { name: /run 7 questions/i }));
    await waitFor(() => expect(screen.getAllByTestId("batch-row")).toHaveLength(7));
    expect(net.to("POST /api/ai/test/batch").map((r) => (r.body as { questions: string[] }).questions.length)).toEqual([
      5, 2,
    ]);
    expect(screen.getByRole("progressbar").getAttribute("aria-valuenow")).toBe("7");
    expect(screen.getByTestId("batch-answered").textContent).toBe("5 answered");
    expect(screen.getByTestId("batch-handoff").textContent).toBe("2 would hand off");
    const flagged = screen.getAllByTestId("batch-row").filter((r) => r.dataset.handoff);
    expect(flagged.map((r) => (r as HTMLTableRowElement).cells[1]!.textContent)).toEqual([
      "q2 a person please",
      "q7 person",
    ]);
    expect(screen.getByRole("button", { name: /export csv/i })).toBeTruthy();
    // The preview is plain text: no Markdown marks.
    const first = screen.getAllByTestId("batch-row")[0] as HTMLTableRowElement;
    expect(first.cells[3]!.textContent).toContain("Refunds take 5 days (q1 refunds)");
    expect(first.cells[3]!.textContent).not.toContain("**");
    expect(flagged[0]!.textContent).toContain("Would hand off");
  });

  it("caps a batch at 50 questions and says so", async () => {
    const net = fakeFetch({
      "POST /api/ai/test/batch": (r) => {
        const qs = (r.body as { questions: string[] }).questions;
        const items = qs.map((q) => ({ question: q, result: answer(q), error: null }));
        return {
          body: { items, totals: { questions: qs.length, answered: 0, offeredHuman: 0, wouldHandOff: 0, failed: 0 } },
        };
      },
    });
    renderInConsole(<AiTestPanel />);
    const user = userEvent.setup();
    await user.click(screen.getByRole("tab", { name: /batch test/i }));
    const many = Array.from({ length: 51 }, (_, i) => `question ${i + 1}`).join("\n");
    fireEvent.change(screen.getByLabelText("Questions, one per line"), { target: { value: many } });
    expect(screen.getByTestId("batch-count").textContent).toContain("only the first 50 run");
    await user.click(screen.getByRole("button", { name: /run 50 questions/i }));
    await waitFor(() => expect(screen.getAllByTestId("batch-row")).toHaveLength(50));
    const sent = net.to("POST /api/ai/test/batch").flatMap((r) => (r.body as { questions: string[] }).questions);
    expect(sent).toHaveLength(50);
    expect(sent).not.toContain("question 51");
  });
});

describe("batch CSV", () => {
  it("one row per question, quoted where needed, formulas defused", () => {
    const csv = batchCsv([
      { question: 'Refund, "fast"?', result: answer("x") as never, error: null },
      { question: "=HYPERLINK(evil)", result: handoff as never, error: null },
      { question: "broken", result: null, error: "timeout" },
    ]);
    const lines = csv.split("\r\n");
    expect(lines[0]).toBe("question,action,would_hand_off,rule,reason,confidence,answer,sources,error");
    expect(lines[1]).toMatch(/^"Refund, ""fast""\?",answer,no,confident_answer,/);
    expect(lines[1]).toContain("Refunds › How long refunds take");
    expect(lines[2]).toMatch(/^'=HYPERLINK\(evil\),handoff,yes,customer_asked_for_human,/);
    expect(lines[3]).toBe("broken,,,,,,,,timeout");
    expect(parseQuestions(" a \n\nb\na\r\n c ")).toEqual(["a", "b", "c"]);
  });
});
