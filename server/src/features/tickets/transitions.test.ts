import { describe, expect, it } from "vitest";
import { checkTransition, statusTimes } from "./transitions";

describe("ticket status transitions", () => {
  it("allows the ordinary moves and refuses going back to new", () => {
    expect(() => checkTransition("new", "open", "agent")).not.toThrow();
    expect(() => checkTransition("open", "pending", "agent")).not.toThrow();
    expect(() => checkTransition("on_hold", "solved", "ai")).not.toThrow();
    expect(() => checkTransition("solved", "open", "agent")).not.toThrow();
    expect(() => checkTransition("open", "new", "admin")).toThrow(/back to new/);
  });
  it("closes only solved tickets and reopens closed ones only for admins, to open", () => {
    expect(() => checkTransition("open", "closed", "admin")).toThrow(/Only a solved/);
    expect(() => checkTransition("solved", "closed", "agent")).not.toThrow();
    expect(() => checkTransition("closed", "open", "agent")).toThrow(/Only an admin/);
    expect(() => checkTransition("closed", "pending", "admin")).toThrow(/only be reopened/);
    expect(() => checkTransition("closed", "open", "admin")).not.toThrow();
  });
  it("stamps solved/closed times on entering and clears them on reopening", () => {
    const t = new Date("2026-01-01T00:00:00Z");
    const earlier = new Date("2025-12-31T00:00:00Z");
    expect(statusTimes("solved", { solvedAt: null, closedAt: null }, t)).toEqual({ solvedAt: t, closedAt: null });
    expect(statusTimes("closed", { solvedAt: earlier, closedAt: null }, t)).toEqual({ solvedAt: earlier, closedAt: t });
    expect(statusTimes("open", { solvedAt: earlier, closedAt: t }, t)).toEqual({ solvedAt: null, closedAt: null });
  });
});
