import type { Article } from "@switchboard/contracts";
import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { ArticleEditor } from "@/features/knowledge/article-editor";
import { changedFields, isDirty, parseLines, parseTags } from "@/features/knowledge/editor-state";
import { MarkdownPreview } from "@/features/knowledge/markdown";
import { fakeFetch } from "./fake-network";
import { renderInConsole } from "./render";

const ARTICLE: Article = {
  id: "77777777-7777-4777-8777-777777777777",
  title: "Refund policy",
  body: "Refunds take 5 days.\n\n## Eligibility\nUnused items only.",
  tags: ["billing"],
  status: "draft",
  language: "english",
  chunkCount: 2,
  sourceUrl: null,
  updatedBy: { id: "44444444-4444-4444-8444-444444444444", name: "Ada Admin" },
  updatedAt: "2026-01-01T00:00:00.000Z",
  createdAt: "2026-01-01T00:00:00.000Z",
};

describe("knowledge editor logic", () => {
  it("parses tags (trimmed, lowercased, unique) and alternatives (one per line)", () => {
    expect(parseTags(" Billing, returns ,billing,, ")).toEqual(["billing", "returns"]);
    expect(parseLines("first\n\n  second  \n")).toEqual(["first", "second"]);
  });

  it("sends only what changed, everything for a new item", () => {
    const saved = { title: "A", body: "x", tags: ["t"], status: "draft" };
    expect(changedFields(saved, { ...saved, tags: ["t"] })).toEqual({});
    expect(isDirty(saved, { ...saved, tags: ["t"] })).toBe(false);
    expect(changedFields(saved, { ...saved, status: "published", tags: ["t", "u"] })).toEqual({
      status: "published",
      tags: ["t", "u"],
    });
    expect(changedFields(null, saved)).toEqual(saved);
  });
});

describe("ArticleEditor", () => {
  it("publishing saves a PATCH with only the status, and the body is left out", async () => {
    const net = fakeFetch({
      [`PATCH /api/knowledge/articles/${ARTICLE.id}`]: (req) => ({
        status: 200,
        body: { ...ARTICLE, ...(req.body as object) },
      }),
    });
    let savedId = "";
    renderInConsole(<ArticleEditor article={ARTICLE} canEdit onSaved={(id) => (savedId = id)} onDeleted={() => {}} />);
    const save = screen.getByRole("button", { name: "Save" });
    expect(save).toHaveProperty("disabled", true); // nothing changed yet
    await userEvent.click(screen.getByRole("switch"));
    expect(save).toHaveProperty("disabled", false);
    await userEvent.click(save);
    await waitFor(() => expect(savedId).toBe(ARTICLE.id));
    expect(net.to(`PATCH /api/knowledge/articles/${ARTICLE.id}`).map((r) => r.body)).toEqual([{ status: "published" }]);
  });

  it("a new article cannot be created without a title; Ctrl+S creates it with its tags", async () => {
    const net = fakeFetch({
      "POST /api/knowledge/articles": (req) => ({ status: 201, body: { ...ARTICLE, ...(req.body as object) } }),
    });
    renderInConsole(<ArticleEditor article={null} canEdit onSaved={() => {}} onDeleted={() => {}} />);
    const create = screen.getByRole("button", { name: "Create" });
    await userEvent.type(screen.getByLabelText("Body (Markdown)"), "Some text");
    expect(create).toHaveProperty("disabled", true);
    await userEvent.type(screen.getByLabelText("Title"), "Opening hours");
    await userEvent.type(screen.getByLabelText("Tags"), "Hours, Store");
    await userEvent.keyboard("{Control>}s{/Control}");
    await waitFor(() => expect(net.to("POST /api/knowledge/articles")).toHaveLength(1));
    expect(net.to("POST /api/knowledge/articles")[0]!.body).toEqual({
      title: "Opening hours",
      body: "Some text",
      tags: ["hours", "store"],
      status: "draft",
    });
  });

  it("agents see the article read-only, without save or delete", () => {
    fakeFetch({});
    renderInConsole(<ArticleEditor article={ARTICLE} canEdit={false} onSaved={() => {}} onDeleted={() => {}} />);
    expect(screen.queryByRole("button", { name: "Save" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Delete article" })).toBeNull();
    expect(screen.getByRole("heading", { name: "Eligibility" })).toBeTruthy(); // opens on the preview
  });
});

describe("MarkdownPreview", () => {
  it("renders structure but never HTML or script links", () => {
    const { container } = render(
      <MarkdownPreview
        source={
          '## Title\n\n<img src=x onerror="alert(1)"> **bold** [bad](javascript:alert(1)) [ok](https://example.com)\n\n- one\n- two'
        }
      />,
    );
    expect(container.querySelector("h3")?.textContent).toBe("Title");
    expect(container.querySelector("img")).toBeNull();
    expect(container.querySelector("strong")?.textContent).toBe("bold");
    const links = [...container.querySelectorAll("a")].map((a) => a.getAttribute("href"));
    expect(links).toEqual(["https://example.com"]);
    expect(container.querySelectorAll("li")).toHaveLength(2);
  });
});
