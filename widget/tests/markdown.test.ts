import { describe, expect, it } from "vitest";
import { markdownNodes } from "../src/ui/markdown";

const html = (text: string) => {
  const div = document.createElement("div");
  div.append(...markdownNodes(text));
  return div;
};

describe("widget Markdown", () => {
  it("renders an agent's formatting inline, links safely", () => {
    const el = html("**Hi** _there_, see [docs](https://d.io) and `x`");
    expect(el.innerHTML).toBe(
      '<strong>Hi</strong> <em>there</em>, see <a href="https://d.io" target="_blank" rel="noopener noreferrer">docs</a> and <code>x</code>',
    );
  });

  it("never turns text into markup or unsafe links", () => {
    const el = html('<img src=x onerror="alert(1)"> [click](javascript:alert(1))');
    expect(el.querySelector("img")).toBeNull();
    expect(el.querySelector("a")).toBeNull();
    expect(el.textContent).toBe('<img src=x onerror="alert(1)"> [click](javascript:alert(1))');
  });

  it("renders lists and code blocks as blocks", () => {
    const el = html("Steps:\n\n1. Open\n2. Click\n\n```\na < b\n```");
    expect(el.querySelector("ol")?.children).toHaveLength(2);
    expect(el.querySelector("pre")?.textContent).toBe("a < b");
  });
});
