import type { KnowledgeGapsReport } from "@switchboard/contracts";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Router } from "wouter";
import { memoryLocation } from "wouter/memory-location";
import { FilterRow } from "@/features/dashboard/filter-row";
import { GapsTable, writeArticleHref } from "@/features/dashboard/gaps-card";
import type { ReportFilters } from "@/features/dashboard/queries";
import { ArticleEditor } from "@/features/knowledge/article-editor";
import { fakeFetch } from "./fake-network";
import { renderInConsole } from "./render";

const T_SUPPORT = "11111111-1111-4111-8111-111111111111";
const T_BILLING = "22222222-2222-4222-8222-222222222222";
const L_VIP = "33333333-3333-4333-8333-333333333333";
const L_BUG = "66666666-6666-4666-8666-666666666666";

/** The open picker's options (the hours <select> has options too). */
const opts = () => within(screen.getByRole("listbox")).queryAllByRole("option");

const filters: ReportFilters = { from: "2026-11-01", to: "2026-11-30", timeZone: "UTC", hours: "calendar" };

function network() {
  return fakeFetch({
    "GET /api/channels": () => ({ body: { items: [] } }),
    "GET /api/agents": () => ({ body: { items: [] } }),
    "GET /api/teams": () => ({
      body: {
        items: [
          { id: T_SUPPORT, name: "Support", description: "", memberCount: 0, members: [] },
          { id: T_BILLING, name: "Billing", description: "", memberCount: 0, members: [] },
        ],
      },
    }),
    "GET /api/labels": () => ({
      body: {
        items: [
          { id: L_VIP, name: "vip", color: "#ff0000", description: "", conversationCount: 0, contactCount: 0 },
          { id: L_BUG, name: "bug", color: "#00ff00", description: "", conversationCount: 0, contactCount: 0 },
        ],
      },
    }),
  });
}

/** The page's state around the row, so a choice shows as the page would show it. */
function Harness({ set }: { set: (p: Partial<ReportFilters>) => void }) {
  const [f, setF] = useState(filters);
  return (
    <FilterRow
      filters={f}
      set={(p) => {
        set(p);
        setF((x) => ({ ...x, ...p }));
      }}
    />
  );
}

describe("dashboard: team and tag pickers", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("the team picker searches as you type and picks with the keyboard; the first entry clears", async () => {
    network();
    const user = userEvent.setup();
    const set = vi.fn();
    renderInConsole(<Harness set={set} />);
    const team = screen.getByRole("button", { name: "Team" });
    expect(team.textContent).toBe("All teams");
    await user.click(team);
    const search = await screen.findByRole("combobox", { name: "Search team" });
    await waitFor(() => expect(opts()).toHaveLength(3));
    await user.type(search, "bill");
    expect(opts().map((o) => o.textContent)).toEqual(["Billing"]);
    await user.keyboard("{Enter}");
    expect(set).toHaveBeenLastCalledWith({ team: T_BILLING });
    expect(screen.queryByRole("combobox", { name: "Search team" })).toBeNull();

    // Shown as chosen; ↓ then Enter from the top picks the first team; Enter on the first entry clears.
    expect(screen.getByRole("button", { name: "Team" }).textContent).toBe("Billing");
    await user.click(screen.getByRole("button", { name: "Team" }));
    await screen.findByRole("combobox", { name: "Search team" });
    await user.keyboard("{ArrowDown}{Enter}");
    expect(set).toHaveBeenLastCalledWith({ team: T_SUPPORT });
    await user.click(screen.getByRole("button", { name: "Team" }));
    await screen.findByRole("combobox", { name: "Search team" });
    await user.keyboard("{Enter}");
    expect(set).toHaveBeenLastCalledWith({ team: undefined });
  });

  it("the tag picker lists the labels with their colour; a click picks; no match says so", async () => {
    network();
    const user = userEvent.setup();
    const set = vi.fn();
    renderInConsole(<FilterRow filters={filters} set={set} />);
    await user.click(screen.getByRole("button", { name: "Tag" }));
    const search = await screen.findByRole("combobox", { name: "Search tag" });
    await waitFor(() => expect(opts()).toHaveLength(3));
    await user.type(search, "zzz");
    expect(opts()).toHaveLength(0);
    expect(screen.getByText("No match")).toBeTruthy();
    await user.clear(search);
    await user.click(within(screen.getByRole("listbox")).getByRole("option", { name: "vip" }));
    expect(set).toHaveBeenLastCalledWith({ tag: L_VIP });
  });
});

describe("dashboard: unanswered questions", () => {
  const data: KnowledgeGapsReport = {
    questions: 3,
    rows: [
      {
        bucket: "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa",
        question: "Can I pay with bitcoin?",
        count: 2,
        conversations: 2,
        lowConfidence: 2,
        notInKnowledge: 0,
        markedWrong: 0,
        lastSeenAt: "2026-11-20T10:00:00.000Z",
      },
      {
        bucket: "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb",
        question: "How long does a refund take?",
        count: 1,
        conversations: 1,
        lowConfidence: 0,
        notInKnowledge: 0,
        markedWrong: 1,
        lastSeenAt: "2026-11-19T10:00:00.000Z",
      },
    ],
  };

  it("lists each group with its count and reasons; a question opens its conversations; 'Write an article' links the editor", async () => {
    const user = userEvent.setup();
    const open = vi.fn();
    const { hook } = memoryLocation({ path: "/dashboard" });
    renderInConsole(
      <Router hook={hook}>
        <GapsTable data={data} open={open} />
      </Router>,
    );
    const rows = within(screen.getByTestId("table-knowledge-gaps")).getAllByRole("row").slice(1);
    expect(rows.map((r) => [...r.querySelectorAll("td")].slice(0, 3).map((c) => c.textContent))).toEqual([
      ["Can I pay with bitcoin?", "2", "2 no close match"],
      ["How long does a refund take?", "1", "1 marked wrong"],
    ]);
    await user.click(screen.getByRole("button", { name: "Can I pay with bitcoin?" }));
    expect(open).toHaveBeenCalledWith({
      chart: "knowledge-gaps",
      bucket: data.rows[0]!.bucket,
      title: "Can I pay with bitcoin?",
    });
    const links = screen.getAllByRole("link", { name: "Write an article" });
    expect(links[0]!.getAttribute("href")).toBe("/knowledge/articles/new?title=Can+I+pay+with+bitcoin%3F");
    expect(writeArticleHref("first line\nsecond")).toBe("/knowledge/articles/new?title=first+line");
  });

  it("the knowledge editor opens a new article titled with the question, ready to save", async () => {
    const net = fakeFetch({
      "POST /api/knowledge/articles": (req) => ({ status: 201, body: { id: "x", ...(req.body as object) } }),
    });
    const user = userEvent.setup();
    renderInConsole(
      <ArticleEditor
        article={null}
        initialTitle="Can I pay with bitcoin?"
        canEdit
        onSaved={() => {}}
        onDeleted={() => {}}
      />,
    );
    const title = screen.getByPlaceholderText("Article title, e.g. Refund policy") as HTMLInputElement;
    expect(title.value).toBe("Can I pay with bitcoin?");
    title.focus();
    await user.keyboard("{Control>}s{/Control}");
    await waitFor(() => expect(net.to("POST /api/knowledge/articles")).toHaveLength(1));
    expect(net.to("POST /api/knowledge/articles")[0]!.body).toMatchObject({ title: "Can I pay with bitcoin?" });
  });
});
