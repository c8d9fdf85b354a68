import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
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
    await waitFor(() => expect(screen.getByText("wrong number", { selector: "strong" })).toBeTruthy());
    expect(screen.getByText("consent")).toBeTruthy();
    expect(screen.getByText("end_call")).toBeTruthy();
    expect((screen.getByLabelText("What the callee says") as HTMLInputElement).disabled).toBe(true);
  });
});
