import { describe, expect, it } from "vitest";
import { addBusinessSeconds, type BusinessSchedule, businessSecondsBetween, CALENDAR } from "./business-time";

const H = 3600;
const weekdays = (start: string, end: string) => [1, 2, 3, 4, 5].map((day) => ({ day, start, end }));

// Mon–Fri 09:00–12:00 and 13:00–17:00 (7 h a day), Epiphany off.
const madrid: BusinessSchedule = {
  timeZone: "Europe/Madrid",
  periods: [...weekdays("09:00", "12:00"), ...weekdays("13:00", "17:00")],
  holidays: ["2026-01-06"],
};
const newYork: BusinessSchedule = { timeZone: "America/New_York", periods: weekdays("09:00", "17:00"), holidays: [] };
const iso = (d: Date) => d.toISOString();
const at = (s: string) => new Date(s);

describe("addBusinessSeconds", () => {
  it("returns the start itself for zero seconds inside hours, and the next opening outside them", () => {
    expect(iso(addBusinessSeconds(at("2026-03-02T10:00:00+01:00"), 0, madrid))).toBe("2026-03-02T09:00:00.000Z");
    // Saturday noon: the clock starts on Monday at 09:00.
    expect(iso(addBusinessSeconds(at("2026-03-07T12:00:00+01:00"), 0, madrid))).toBe("2026-03-09T08:00:00.000Z");
    // Closing time itself is outside hours.
    expect(iso(addBusinessSeconds(at("2026-03-02T17:00:00+01:00"), 0, madrid))).toBe("2026-03-03T08:00:00.000Z");
  });

  it("skips the lunch break", () => {
    expect(iso(addBusinessSeconds(at("2026-03-02T11:30:00+01:00"), H, madrid))).toBe("2026-03-02T12:30:00.000Z");
    // Started during lunch: counts from 13:00.
    expect(iso(addBusinessSeconds(at("2026-03-02T12:15:00+01:00"), 30 * 60, madrid))).toBe("2026-03-02T12:30:00.000Z");
  });

  it("lands exactly at closing time instead of the next morning", () => {
    expect(iso(addBusinessSeconds(at("2026-03-02T16:00:00+01:00"), H, madrid))).toBe("2026-03-02T16:00:00.000Z");
    // "1 day" of business hours is that day's office hours (Intercom): 7 h here.
    expect(iso(addBusinessSeconds(at("2026-03-02T09:00:00+01:00"), 7 * H, madrid))).toBe("2026-03-02T16:00:00.000Z");
    // A week of working days from Monday's opening is Friday's closing.
    expect(iso(addBusinessSeconds(at("2026-03-02T09:00:00+01:00"), 35 * H, madrid))).toBe("2026-03-06T16:00:00.000Z");
  });

  it("carries over a weekend", () => {
    expect(iso(addBusinessSeconds(at("2026-03-06T16:00:00+01:00"), 2 * H, madrid))).toBe("2026-03-09T09:00:00.000Z");
  });

  it("skips a holiday in the schedule's zone", () => {
    // Monday 16:30 + 1 h: Tuesday 6 January is off, so Wednesday 09:30.
    expect(iso(addBusinessSeconds(at("2026-01-05T16:30:00+01:00"), H, madrid))).toBe("2026-01-07T08:30:00.000Z");
  });

  it("follows the DST change in Europe/Madrid", () => {
    // Friday 16:00 CET + 2 h: Monday 10:00 CEST, which is 08:00Z, not 09:00Z.
    expect(iso(addBusinessSeconds(at("2026-03-27T16:00:00+01:00"), 2 * H, madrid))).toBe("2026-03-30T08:00:00.000Z");
    // Autumn: Friday 16:00 CEST + 2 h = Monday 10:00 CET.
    expect(iso(addBusinessSeconds(at("2026-10-23T16:00:00+02:00"), 2 * H, madrid))).toBe("2026-10-26T09:00:00.000Z");
  });

  it("follows the DST changes in America/New_York", () => {
    expect(iso(addBusinessSeconds(at("2026-03-06T16:00:00-05:00"), 2 * H, newYork))).toBe("2026-03-09T14:00:00.000Z");
    expect(iso(addBusinessSeconds(at("2026-10-30T16:00:00-04:00"), 2 * H, newYork))).toBe("2026-11-02T15:00:00.000Z");
  });

  it("counts every second in calendar mode", () => {
    expect(iso(addBusinessSeconds(at("2026-03-07T12:00:00Z"), H, CALENDAR))).toBe("2026-03-07T13:00:00.000Z");
    expect(iso(addBusinessSeconds(at("2026-03-07T12:00:00Z"), 0, CALENDAR))).toBe("2026-03-07T12:00:00.000Z");
  });

  it("counts overlapping periods once and refuses a schedule without hours or a negative duration", () => {
    const overlapping = { ...newYork, periods: [...weekdays("09:00", "12:00"), ...weekdays("11:00", "13:00")] };
    expect(iso(addBusinessSeconds(at("2026-03-02T09:00:00-05:00"), 4 * H, overlapping))).toBe(
      "2026-03-02T18:00:00.000Z",
    );
    expect(() => addBusinessSeconds(at("2026-03-02T09:00:00Z"), 1, { ...newYork, periods: [] })).toThrow(RangeError);
    expect(() => addBusinessSeconds(at("2026-03-02T09:00:00Z"), -1, newYork)).toThrow(RangeError);
  });
});

describe("businessSecondsBetween", () => {
  it("counts only working time: lunch, weekend, holiday", () => {
    expect(businessSecondsBetween(at("2026-03-02T11:30:00+01:00"), at("2026-03-02T13:30:00+01:00"), madrid)).toBe(H);
    expect(businessSecondsBetween(at("2026-03-06T16:00:00+01:00"), at("2026-03-09T10:00:00+01:00"), madrid)).toBe(
      2 * H,
    );
    expect(businessSecondsBetween(at("2026-01-05T16:30:00+01:00"), at("2026-01-07T09:30:00+01:00"), madrid)).toBe(H);
    expect(businessSecondsBetween(at("2026-03-07T00:00:00+01:00"), at("2026-03-08T23:59:00+01:00"), madrid)).toBe(0);
    expect(businessSecondsBetween(at("2026-03-09T10:00:00+01:00"), at("2026-03-06T16:00:00+01:00"), madrid)).toBe(0);
  });

  it("is the inverse of addBusinessSeconds across a DST change", () => {
    const start = at("2026-03-27T16:00:00+01:00");
    const end = addBusinessSeconds(start, 2 * H, madrid);
    expect(businessSecondsBetween(start, end, madrid)).toBe(2 * H);
  });

  it("counts a 23-hour and a 25-hour day on the DST Sundays of a 24/7 Sunday schedule", () => {
    const sundays = (timeZone: string): BusinessSchedule => ({
      timeZone,
      periods: [{ day: 7, start: "00:00", end: "24:00" }],
      holidays: [],
    });
    expect(
      businessSecondsBetween(at("2026-03-28T23:00:00Z"), at("2026-03-29T22:00:00Z"), sundays("Europe/Madrid")),
    ).toBe(23 * H);
    expect(
      businessSecondsBetween(at("2026-11-01T04:00:00Z"), at("2026-11-02T05:00:00Z"), sundays("America/New_York")),
    ).toBe(25 * H);
    // And a deadline that uses up that whole Sunday is its midnight, not an hour later.
    expect(iso(addBusinessSeconds(at("2026-03-28T23:00:00Z"), 23 * H, sundays("Europe/Madrid")))).toBe(
      "2026-03-29T22:00:00.000Z",
    );
  });

  it("counts calendar seconds in calendar mode", () => {
    expect(businessSecondsBetween(at("2026-03-06T16:00:00Z"), at("2026-03-09T10:00:00Z"), CALENDAR)).toBe(66 * H);
  });
});
