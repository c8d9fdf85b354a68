import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { EditAgentDialog } from "@/features/settings/agents/edit-agent-dialog";
import type { AgentSummary } from "@/lib/types";
import { fakeFetch } from "./fake-network";
import { ME, renderInConsole } from "./render";

const agent = (over: Partial<AgentSummary> = {}): AgentSummary => ({
  ...ME,
  id: "55555555-5555-4555-8555-555555555555",
  email: "sam@example.com",
  name: "Sam",
  role: "agent",
  visibility: "all",
  openConversations: 2,
  ...over,
});

describe("Settings → Agents: which conversations an agent sees", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("shows the current setting with its explanation and saves only what changed", async () => {
    const user = userEvent.setup();
    const net = fakeFetch({
      "GET /api/me": () => ({ body: { user: ME } }),
      [`PATCH /api/agents/${agent().id}`]: (req) => ({
        body: { agent: { ...agent(), ...(req.body as object) } },
      }),
    });
    const onClose = vi.fn();
    renderInConsole(<EditAgentDialog agent={agent({ visibility: "teams" })} isSelf={false} onClose={onClose} />);
    const select = await screen.findByRole("combobox", { name: "Sees" });
    expect(select.textContent).toBe("Their teams' conversations");
    expect(screen.getByText(/Conversations of their teams, of the channels their teams serve/)).toBeTruthy();

    await user.click(select);
    await user.click(await screen.findByRole("option", { name: "Only conversations assigned to them" }));
    expect(screen.getByText("Only conversations assigned to them; the unassigned queue stays hidden.")).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(net.to(`PATCH /api/agents/${agent().id}`).map((r) => r.body)).toEqual([{ visibility: "assigned" }]);
  });

  it("an admin always sees everything: the select is locked on All conversations", async () => {
    fakeFetch({ "GET /api/me": () => ({ body: { user: ME } }) });
    renderInConsole(
      <EditAgentDialog agent={agent({ role: "admin", visibility: "assigned" })} isSelf={false} onClose={() => {}} />,
    );
    const select = await screen.findByRole("combobox", { name: "Sees" });
    expect(select.textContent).toBe("All conversations");
    expect(select.hasAttribute("disabled") || select.getAttribute("data-disabled") !== null).toBe(true);
    expect(screen.getByText("Admins always see every conversation.")).toBeTruthy();
  });
});

describe("realtime: conversations leaving what the agent sees", () => {
  it("conversation.removed drops it from every loaded list and refetches the open one", async () => {
    const { QueryClient } = await import("@tanstack/react-query");
    const { applyEvent } = await import("@/features/realtime/apply-event");
    const qc = new QueryClient();
    const id = "66666666-6666-4666-8666-666666666666";
    const other = "77777777-7777-4777-8777-777777777777";
    const page = { pages: [{ items: [{ id }, { id: other }], nextCursor: null }], pageParams: [null] };
    qc.setQueryData(["conversations", "list", ME.id, { view: "all" }], page);
    qc.setQueryData(["conversations", "list", ME.id, { view: "mine" }], page);
    qc.setQueryData(["conversations", "detail", id], { id });
    applyEvent(qc, { type: "conversation.removed", conversationId: id }, ME.id);
    for (const [, data] of qc.getQueriesData<typeof page>({ queryKey: ["conversations", "list"] }))
      expect(data!.pages[0]!.items.map((c) => c.id)).toEqual([other]);
    expect(qc.getQueryState(["conversations", "detail", id])?.isInvalidated).toBe(true);
  });
});
