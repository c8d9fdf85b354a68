import { screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fakeFetch } from "../../../../tests/fake-network";
import { renderInConsole } from "../../../../tests/render";
import { VisitorSection, visitorLocalTime } from "./visitor-section";

const CONTACT = "55555555-5555-4555-8555-555555555555";
const visitor = {
  pageUrl: "https://shop.test/products/blue-kettle?ref=ad",
  pageTitle: "Blue kettle — Shop",
  referrer: "https://www.google.com/",
  language: "pt-PT",
  timeZone: "Asia/Kolkata",
  browser: "Chrome 131",
  os: "macOS Catalina",
  device: "desktop",
  firstSeenAt: "2026-12-01T10:00:00.000Z",
  updatedAt: "2026-12-01T10:05:00.000Z",
};

describe("contact panel: the website visitor", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("shows the page, where they came from, browser, device, language and their local time", async () => {
    fakeFetch({ [`GET /api/contacts/${CONTACT}/visitor`]: () => ({ body: { visitor } }) });
    renderInConsole(<VisitorSection contactId={CONTACT} />);
    const page = await screen.findByRole("link", { name: "Blue kettle — Shop" });
    expect(page.getAttribute("href")).toBe(visitor.pageUrl);
    expect(page.getAttribute("rel")).toContain("noopener");
    expect(screen.getByText("shop.test/products/blue-kettle")).toBeTruthy();
    expect(screen.getByText("From www.google.com")).toBeTruthy();
    expect(screen.getByText("Chrome 131 on macOS Catalina (Desktop)")).toBeTruthy();
    expect(screen.getByText("Asia/Kolkata")).toBeTruthy();
    const expected = new Intl.DateTimeFormat(undefined, {
      timeZone: "Asia/Kolkata",
      hour: "numeric",
      minute: "2-digit",
    }).format(new Date());
    expect(screen.getByTestId("visitor-local-time").textContent).toContain(expected);
  });

  it("says so when the widget has reported nothing, and shows an error it can't load", async () => {
    fakeFetch({ [`GET /api/contacts/${CONTACT}/visitor`]: () => ({ body: { visitor: null } }) });
    const { unmount } = renderInConsole(<VisitorSection contactId={CONTACT} />);
    expect(await screen.findByText(/hasn't reported a page/)).toBeTruthy();
    unmount();
    fakeFetch({
      [`GET /api/contacts/${CONTACT}/visitor`]: () => ({
        status: 500,
        body: { error: { code: "internal", message: "boom" } },
      }),
    });
    renderInConsole(<VisitorSection contactId={CONTACT} />);
    await waitFor(() => expect(screen.getByText(/Couldn't load the visitor's details/)).toBeTruthy());
  });

  it("computes the offset from the agent's clock across zones, half hours included", () => {
    const at = new Date("2026-07-01T12:00:00Z");
    const kolkata = visitorLocalTime("Asia/Kolkata", at)!;
    const expectedDiff = 330 + at.getTimezoneOffset();
    if (expectedDiff === 0) expect(kolkata.relative).toBe("same time as you");
    else expect(kolkata.relative).toMatch(expectedDiff > 0 ? /ahead of you$/ : /behind you$/);
    expect(visitorLocalTime("Not/AZone", at)).toBeNull();
  });
});
