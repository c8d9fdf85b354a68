import { describe, expect, it } from "vitest";
import { parseInline, parseMarkdown, sliceEntities, toPlainText, toTelegram, toWhatsApp } from "./markdown";

describe("parseMarkdown", () => {
  it("parses emphasis, strike, code and links, nested", () => {
    expect(parseInline("**bold _and italic_** `x*y*` ~~gone~~")).toEqual([
      {
        type: "bold",
        children: [
          { type: "text", value: "bold " },
          { type: "italic", children: [{ type: "text", value: "and italic" }] },
        ],
      },
      { type: "text", value: " " },
      { type: "code", value: "x*y*" },
      { type: "text", value: " " },
      { type: "strike", children: [{ type: "text", value: "gone" }] },
    ]);
    expect(parseInline("***both***")).toEqual([
      { type: "bold", children: [{ type: "italic", children: [{ type: "text", value: "both" }] }] },
    ]);
    expect(parseInline("*a **b** c*")).toEqual([
      {
        type: "italic",
        children: [
          { type: "text", value: "a " },
          { type: "bold", children: [{ type: "text", value: "b" }] },
          { type: "text", value: " c" },
        ],
      },
    ]);
  });

  it("leaves what is not formatting alone: snake_case, lone stars, escapes, unclosed markers", () => {
    expect(parseInline("my_var_name 2 * 3 * 4 \\*not\\* **open")).toEqual([
      { type: "text", value: "my_var_name 2 * 3 * 4 *not* **open" },
    ]);
  });

  it("keeps only http(s) and mailto links; anything else stays visible text", () => {
    expect(parseInline("[site](https://example.com) [x](javascript:alert(1)) see https://a.io/b.")).toEqual([
      { type: "link", href: "https://example.com", children: [{ type: "text", value: "site" }] },
      { type: "text", value: " [x](javascript:alert(1)) see " },
      { type: "link", href: "https://a.io/b", children: [{ type: "text", value: "https://a.io/b" }] },
      { type: "text", value: "." },
    ]);
    expect(parseInline("<b>hi</b> &amp;")).toEqual([{ type: "text", value: "<b>hi</b> &amp;" }]);
  });

  it("splits blocks: paragraphs keep single newlines, lists, fenced code", () => {
    expect(parseMarkdown("Hi\nthere\n\n- one\n- **two**\n\n3. c\n4. d\n```\na *b*\n```")).toEqual([
      { type: "paragraph", children: [{ type: "text", value: "Hi\nthere" }] },
      {
        type: "list",
        ordered: false,
        start: 1,
        items: [[{ type: "text", value: "one" }], [{ type: "bold", children: [{ type: "text", value: "two" }] }]],
      },
      {
        type: "list",
        ordered: true,
        start: 3,
        items: [[{ type: "text", value: "c" }], [{ type: "text", value: "d" }]],
      },
      { type: "codeblock", value: "a *b*" },
    ]);
  });
});

describe("toWhatsApp", () => {
  it("uses WhatsApp's markers, nested outermost first", () => {
    expect(toWhatsApp("**Hello** _you_ ~~old~~ `code`")).toBe("*Hello* _you_ ~old~ ```code```");
    expect(toWhatsApp("**bold _italic_**")).toBe("*bold _italic_*");
  });
  it("writes links as text (url), lists with dashes and fences as ```", () => {
    expect(toWhatsApp("See [our docs](https://d.io) or https://x.io\n\n- a\n1. b\n\n```\nx\n```")).toBe(
      "See our docs (https://d.io) or https://x.io\n\n- a\n\n1. b\n\n```x```",
    );
  });
  it("keeps text that is not formatting as typed", () => {
    expect(toWhatsApp("file_name.txt costs 2 * 3 <b>")).toBe("file_name.txt costs 2 * 3 <b>");
  });
});

describe("toTelegram", () => {
  it("produces plain text and UTF-16 entities, nested ranges included", () => {
    expect(toTelegram("**Hi _there_** [docs](https://d.io)")).toEqual({
      text: "Hi there docs",
      entities: [
        { type: "bold", offset: 0, length: 8 },
        { type: "italic", offset: 3, length: 5 },
        { type: "text_link", offset: 9, length: 4, url: "https://d.io" },
      ],
    });
    // An emoji is two UTF-16 units: offsets after it count both, as Telegram does.
    expect(toTelegram("😀 **a**").entities).toEqual([{ type: "bold", offset: 3, length: 1 }]);
  });
  it("needs no escaping: HTML-looking text goes out as typed, code and pre as entities", () => {
    expect(toTelegram("<b>&</b> `a<b`\n\n```\nif (a < b) {}\n```")).toEqual({
      text: "<b>&</b> a<b\n\nif (a < b) {}",
      entities: [
        { type: "code", offset: 9, length: 3 },
        { type: "pre", offset: 14, length: 13 },
      ],
    });
  });
  it("clips entities to a chunk", () => {
    const { entities } = toTelegram("**abcdef**");
    expect(sliceEntities(entities, 4, 10)).toEqual([{ type: "bold", offset: 0, length: 2 }]);
    expect(sliceEntities(entities, 6, 10)).toEqual([]);
  });
});

describe("toPlainText", () => {
  it("strips markers, keeps lists readable and links as text (url)", () => {
    expect(toPlainText("**Hi** _there_, ~~x~~ `y`\n- [docs](https://d.io)\n- mail [me](mailto:a@b.c)")).toBe(
      "Hi there, x y\n\n• docs (https://d.io)\n• mail me (a@b.c)",
    );
  });
});
