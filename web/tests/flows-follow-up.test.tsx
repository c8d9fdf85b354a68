import type { Flow, FlowFollowUp } from "@switchboard/contracts";
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { FollowUpEditor } from "@/features/flows/follow-up-editor";
import { fakeFetch } from "./fake-network";
import { renderInConsole } from "./render";

const TEMPLATE = "99999999-9999-4999-8999-999999999999";
const flow = {
  id: "11111111-1111-4111-8111-111111111111",
  name: "Lab flow",
  steps: [
    {
      id: "details",
      name: "Details",
      goal: "g",
      say: "",
      fields: [
        { key: "lab_name", label: "Lab name", type: "text", ask: "?", required: true, choices: [], confirm: false },
      ],
      tools: [],
      branches: [],
      next: null,
      outcome: "interested",
    },
  ],
  followUp: null,
} as unknown as Flow;

function Harness({ seen }: { seen: (f: FlowFollowUp | null) => void }) {
  const [draft, setDraft] = useState<Flow>(flow);
  return (
    <FollowUpEditor
      flow={draft}
      readOnly={false}
      onChange={(followUp) => {
        seen(followUp);
        setDraft({ ...draft, followUp });
      }}
    />
  );
}

describe("the flow's follow-up WhatsApp editor", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("picks an approved template, the outcomes, and maps its variables to contact or collected fields", async () => {
    const net = fakeFetch({
      "GET /api/templates": () => ({
        body: {
          items: [
            {
              id: TEMPLATE,
              channelId: "c",
              name: "order_update",
              language: "en_US",
              status: "APPROVED",
              content: { header: { format: "NONE" }, body: "Hi {{1}}, your order {{2}} has shipped.", buttons: [] },
            },
          ],
        },
      }),
    });
    const seen: (FlowFollowUp | null)[] = [];
    renderInConsole(<Harness seen={(f) => seen.push(f)} />, { inbox: true });
    expect(screen.getByText("No WhatsApp is sent after calls of this flow.")).toBeTruthy();
    const user = userEvent.setup();
    await screen.findByRole("option", { name: "order_update (en_US)" });
    expect(net.to("GET /api/templates")[0]!.path).toContain("status=APPROVED");
    await user.selectOptions(screen.getByLabelText("Follow-up template"), TEMPLATE);
    expect(seen.at(-1)).toEqual({ templateId: TEMPLATE, mapping: {}, outcomes: ["interested", "call_back"] });
    await user.click(screen.getByRole("checkbox", { name: "call back" }));
    await user.selectOptions(screen.getByLabelText("Value of {{1}}"), "first_name");
    await user.selectOptions(screen.getByLabelText("Value of {{2}}"), "attributes.lab_name");
    await user.type(screen.getByLabelText("Fallback for {{2}}"), "your lab");
    await waitFor(() =>
      expect(seen.at(-1)).toEqual({
        templateId: TEMPLATE,
        outcomes: ["interested"],
        mapping: {
          body: { "1": { field: "first_name" }, "2": { field: "attributes.lab_name", fallback: "your lab" } },
        },
      }),
    );
    await user.click(screen.getByRole("checkbox", { name: "interested" }));
    expect(screen.getByRole("alert").textContent).toBe("Tick at least one outcome.");
    await user.selectOptions(screen.getByLabelText("Follow-up template"), "");
    expect(seen.at(-1)).toBeNull();
  });
});
