import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { FlowStep } from "@switchboard/contracts";
import { FlowGraph } from "@/features/flows/flow-graph";
import { TestPanel } from "@/features/flows/test-panel";
import { fakeFetch } from "./fake-network";
import { renderInConsole } from "./render";

const FLOW = "11111111-1111-4111-8111-111111111111";
const turn = (seq: number, role: "agent" | "callee", text: string) => ({
  seq,
  role,
  text,
  interrupted: false,
  filler: false,
  stepId: "greeting",
  at: "2026-12-02T05:00:00.000Z",
});
const result = (turns: ReturnType<typeof turn>[], extra: Record<string, unknown> = {}) => ({
  sessionId: "test-1",
  brain: "scripted",
  replies: [turns.at(-1)!.text],
  stepId: "greeting",
  fields: {},
  toolCalls: [],
  outcome: null,
  summary: null,
  ended: false,
  turns,
  ...extra,
});

describe("the flow test panel", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("starts a test call, sends what the callee types in the same session, and shows fields and the outcome", async () => {
    const greeting = turn(0, "agent", "Hello, this is Asha. Is it okay to talk?");
    const net = fakeFetch({
      [`POST /api/flows/${FLOW}/test`]: (r) => {
        const body = r.body as { sessionId?: string; text?: string };
        if (!body.sessionId) return { body: result([greeting]) };
        return {
          body: result([greeting, turn(1, "callee", body.text!), turn(2, "agent", "Sorry for the trouble.")], {
            fields: { consent: "yes" },
            outcome: "wrong_number",
            ended: true,
            toolCalls: [{ name: "end_call", args: {} }],
          }),
        };
      },
    });
    renderInConsole(<TestPanel flowId={FLOW} />);
    const user = userEvent.setup();
    expect((screen.getByLabelText("What the callee says") as HTMLInputElement).disabled).toBe(true);
    await user.click(screen.getByRole("button", { name: /start test call/i }));
    expect(await screen.findByText(greeting.text)).toBeTruthy();
    await user.type(screen.getByLabelText("What the callee says"), "wrong number{Enter}");
    expect(await screen.findByText("Sorry for the trouble.")).toBeTruthy();
    expect(net.to(`POST /api/flows/${FLOW}/test`).map((r) => r.body)).toEqual([
      { brain: "scripted" },
      { sessionId: "test-1", text: "wrong number", brain: "scripted" },
    ]);
    await waitFor(() => expect(screen.getByText("Wrong number", { selector: "strong" })).toBeTruthy());
    expect(screen.getByText("consent")).toBeTruthy();
    expect(screen.getByText("End the call")).toBeTruthy();
    expect((screen.getByLabelText("What the callee says") as HTMLInputElement).disabled).toBe(true);
  });

  const STEPS: FlowStep[] = [
    {
      id: "greeting",
      name: "Greeting and consent",
      goal: "Ask for consent",
      say: "Hello",
      fields: [
        {
          key: "consent",
          label: "Consent",
          type: "choice",
          ask: "Okay?",
          required: true,
          choices: ["yes", "no"],
          confirm: false,
        },
      ],
      tools: [],
      branches: [
        { field: "consent", op: "not_equals", value: "yes", outcome: "not_interested" },
        { field: "consent", op: "empty", goto: "close" },
      ],
      next: "close",
      outcome: null,
    },
    {
      id: "close",
      name: "Close",
      goal: "Say goodbye",
      say: "Bye",
      fields: [],
      tools: [],
      branches: [],
      next: null,
      outcome: "call_back",
    },
  ];

  it("names the step the test call is in, as the editor does, not by its id", async () => {
    fakeFetch({ [`POST /api/flows/${FLOW}/test`]: () => ({ body: result([turn(0, "agent", "Hello")]) }) });
    renderInConsole(<TestPanel flowId={FLOW} steps={STEPS} />);
    await userEvent.setup().click(screen.getByRole("button", { name: /start test call/i }));
    await waitFor(() => expect(screen.getByTestId("flow-test-step").textContent).toBe("Greeting and consent"));
  });

  it("labels the graph's conditions and outcomes in words, not enum values", () => {
    renderInConsole(<FlowGraph steps={STEPS} />);
    const graph = screen.getByTestId("flow-graph").textContent ?? "";
    expect(graph).toContain("consent is not yes → Not interested");
    expect(graph).toContain("consent is empty");
    expect(graph).toContain("ends: Call back");
    expect(graph).not.toMatch(/not_equals|not_interested|call_back/);
  });
});
