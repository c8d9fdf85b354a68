import { describe, expect, it, vi } from "vitest";
import type { ViewMessage } from "../src/types";
import { MessageList } from "../src/ui/messages";

const SURVEY = "33333333-3333-4333-8333-333333333333";
const ask: ViewMessage = {
  id: "00000000-0000-4000-8000-000000000901",
  conversationId: "22222222-2222-4222-8222-222222222222",
  from: "system",
  sender: { name: null, avatarUrl: null },
  content: "How would you rate the help you got?",
  attachments: [],
  status: "sent",
  createdAt: new Date().toISOString(),
  survey: { id: SURVEY },
};
const view = (messages: ViewMessage[]) => ({ messages, channelName: "Acme", welcome: "", typing: null, prechat: null });

describe("widget: the CSAT survey's inline stars", () => {
  it("five star buttons; a click sends the rating once, then the comment goes with it", () => {
    const survey = vi.fn();
    const list = new MessageList({ url: (p) => p, retry: vi.fn(), survey });
    document.body.append(list.el);
    list.render(view([ask]));
    const star = (n: number) => list.el.querySelector<HTMLButtonElement>(`[data-testid="sb-star-${n}"]`)!;
    expect(list.el.querySelectorAll('[data-testid^="sb-star-"]')).toHaveLength(5);
    expect(star(4).getAttribute("aria-label")).toBe("4 out of 5");
    star(4).click();
    expect(survey).toHaveBeenCalledWith(SURVEY, 4);
    star(2).click(); // disabled after the first answer
    expect(survey).toHaveBeenCalledTimes(1);
    expect(star(4).getAttribute("aria-pressed")).toBe("true");
    const input = list.el.querySelector<HTMLInputElement>('input[aria-label="Comment"]')!;
    input.value = "Lovely";
    list.el.querySelector("form")!.dispatchEvent(new Event("submit", { cancelable: true }));
    expect(survey).toHaveBeenLastCalledWith(SURVEY, 4, "Lovely");
    expect(list.el.textContent).toContain("Thank you for your feedback!");
    // A later render keeps the answered state.
    list.render(view([ask]));
    expect(list.el.querySelector('input[aria-label="Comment"]')).toBeNull();
    list.el.remove();
  });

  it("a system line without a survey stays a plain line", () => {
    const list = new MessageList({ url: (p) => p, retry: vi.fn(), survey: vi.fn() });
    list.render(view([{ ...ask, survey: undefined }]));
    expect(list.el.querySelector('[data-testid="sb-survey"]')).toBeNull();
    expect(list.el.querySelector(".sys")?.textContent).toBe(ask.content);
  });
});
