import { render } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { applyFormat } from "@/features/inbox/composer/format";
import { MessageBody } from "@/features/inbox/thread/message-body";
import type { Message } from "@/lib/types";

const message = (senderType: Message["senderType"], content: string) =>
  ({
    id: crypto.randomUUID(),
    conversationId: crypto.randomUUID(),
    direction: senderType === "customer" ? "inbound" : "outbound",
    senderType,
    sender: { id: null, name: null, avatarUrl: null },
    private: false,
    kind: "text",
    metadata: {},
    content,
    attachments: [],
    status: "sent",
    error: null,
    createdAt: new Date().toISOString(),
  }) as unknown as Message;

const body = (m: Message) =>
  render(<MessageBody message={m} bubbleClass="" outgoing={m.senderType !== "customer"} groupStart linkClass="" />)
    .container;

describe("message content rendering", () => {
  it("renders an agent's Markdown, links only http(s) with noopener", () => {
    const el = body(message("agent", "**Done** _now_: [guide](https://g.io) [bad](javascript:alert(1))\n\n- a\n- b"));
    expect(el.querySelector("strong")?.textContent).toBe("Done");
    expect(el.querySelector("em")?.textContent).toBe("now");
    const links = el.querySelectorAll("a");
    expect(links).toHaveLength(1);
    expect(links[0]?.getAttribute("href")).toBe("https://g.io");
    expect(links[0]?.getAttribute("rel")).toContain("noopener");
    expect(el.textContent).toContain("[bad](javascript:alert(1))");
    expect(el.querySelectorAll("li")).toHaveLength(2);
  });

  it("never interprets what a customer wrote: Markdown and HTML stay text, URLs become links", () => {
    const el = body(message("customer", "**not bold** <b>nor this</b>\nsee https://x.io"));
    expect(el.querySelector("strong")).toBeNull();
    expect(el.querySelector("b")).toBeNull();
    expect(el.textContent).toContain("**not bold** <b>nor this</b>\nsee https://x.io");
    expect(el.querySelector("a")?.getAttribute("href")).toBe("https://x.io");
  });
});

describe("toolbar edits", () => {
  const e = (value: string, selStart: number, selEnd = selStart) => ({ value, selStart, selEnd });
  it("wraps, unwraps, and uses a selected placeholder when nothing is selected", () => {
    expect(applyFormat(e("a b", 2, 3), "bold")).toEqual(e("a **b**", 4, 5));
    expect(applyFormat(e("a **b**", 4, 5), "bold")).toEqual(e("a b", 2, 3));
    expect(applyFormat(e("x ", 2), "code")).toEqual(e("x `code`", 3, 7));
  });
  it("links a label (URL selected to type over) or a pasted URL (label selected)", () => {
    expect(applyFormat(e("docs", 0, 4), "link")).toEqual(e("[docs](https://)", 7, 15));
    expect(applyFormat(e("https://a.io", 0, 12), "link")).toEqual(e("[link](https://a.io)", 1, 5));
  });
  it("toggles list prefixes on every selected line", () => {
    expect(applyFormat(e("one\ntwo", 0, 7), "numbers")).toEqual(e("1. one\n2. two", 0, 13));
    expect(applyFormat(e("- one\n- two", 0, 11), "bullets")).toEqual(e("one\ntwo", 0, 7));
  });
});
