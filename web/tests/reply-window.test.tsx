import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { effectiveWindow, formatLeft } from "@/features/inbox/composer/reply-window";
import { ReplyWindowNotice } from "@/features/inbox/composer/reply-window-notice";
import type { ReplyWindow } from "@/lib/types";

const NOW = Date.parse("2026-03-10T12:00:00Z");
const at = (ms: number) => new Date(NOW + ms).toISOString();
const H = 3600_000;
const win = (p: Partial<ReplyWindow>): ReplyWindow => ({
  open: true,
  closesAt: at(5 * H),
  rule: "24h",
  templatesOnly: true,
  ...p,
});

describe("reply window countdown", () => {
  it("counts down the time left, amber in the last two hours", () => {
    const { rerender } = render(<ReplyWindowNotice window={win({ closesAt: at(23 * H + 12 * 60_000) })} now={NOW} />);
    const el = () => screen.getByTestId("reply-window-countdown");
    expect(el().textContent).toContain("23 h 12 min left to reply freely");
    expect(el().textContent).toContain("then templates only");
    expect(el().dataset.soon).toBeUndefined();
    rerender(<ReplyWindowNotice window={win({ closesAt: at(45 * 60_000 + 30_000) })} now={NOW} />);
    expect(el().textContent).toContain("45 min left");
    expect(el().dataset.soon).toBe("true");
  });

  it("says the window is closed, and what still works, per channel rule", () => {
    const { rerender } = render(<ReplyWindowNotice window={win({ open: false })} now={NOW} />);
    expect(screen.getByTestId("reply-window-closed").textContent).toContain("send an approved template");
    rerender(
      <ReplyWindowNotice window={win({ open: false, templatesOnly: false, rule: "24h+human_agent" })} now={NOW} />,
    );
    expect(screen.getByTestId("reply-window-closed").textContent).toContain("until the customer writes again");
    expect(screen.queryByTestId("reply-window-countdown")).toBeNull();
  });

  it("shows nothing for channels without a window", () => {
    const { container } = render(
      <ReplyWindowNotice window={effectiveWindow(win({ rule: "none", closesAt: null }), NOW)} now={NOW} />,
    );
    expect(container.textContent).toBe("");
  });

  it("closes the window locally once closesAt has passed, before the server says so", () => {
    expect(effectiveWindow(win({ closesAt: at(-1) }), NOW)?.open).toBe(false);
    expect(effectiveWindow(win({ closesAt: at(1) }), NOW)?.open).toBe(true);
    expect(formatLeft(30_000)).toBe("less than a minute");
    expect(formatLeft(3 * 24 * H + 5 * H)).toBe("3 d 5 h");
    expect(formatLeft(2 * H)).toBe("2 h 0 min");
  });
});
