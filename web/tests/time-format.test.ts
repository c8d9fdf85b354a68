import { afterEach, describe, expect, it, vi } from "vitest";
import { dayLabel as widgetDayLabel, timeLabel as widgetTimeLabel } from "../../widget/src/format";
import { clockTime, dateTime, dayLabel, fullTime, shortDate, shortRelative, weekdayTime } from "@/lib/time";

// Dates built from local parts, so the expectations hold in any time zone the tests run in.
const now = new Date(2026, 11, 1, 15, 30); // Tue 1 Dec 2026, 15:30
const morning = new Date(2026, 11, 1, 7, 3);
const lastYear = new Date(2025, 2, 4, 7, 3);

function browserLocale(tag: string) {
  vi.spyOn(navigator, "language", "get").mockReturnValue(tag);
  vi.spyOn(navigator, "languages", "get").mockReturnValue([tag]);
}

afterEach(() => vi.restoreAllMocks());

describe("dates and times follow the browser's locale (console and widget alike)", () => {
  it("en-US: 12-hour clock, month before day", () => {
    browserLocale("en-US");
    expect(clockTime(morning)).toBe("7:03 AM");
    expect(clockTime(morning.toISOString())).toBe("7:03 AM");
    expect(widgetTimeLabel(morning.toISOString())).toBe("7:03 AM");
    expect(shortDate(morning, now)).toBe("Dec 1");
    expect(shortDate(lastYear, now)).toBe("Mar 4, 2025");
    expect(dayLabel(new Date(2026, 10, 20), now)).toBe("Fri, Nov 20");
    expect(widgetDayLabel(new Date(2026, 10, 20).toISOString(), now)).toBe("Fri, Nov 20");
    expect(dayLabel(lastYear, now)).toBe("Mar 4, 2025");
    expect(dateTime(new Date(2026, 11, 2, 9, 0))).toBe("Wed, Dec 2, 9:00 AM");
    expect(weekdayTime(new Date(2026, 11, 7, 9, 0))).toBe("Mon 9:00 AM");
    expect(fullTime(morning)).toBe("Dec 1, 2026, 7:03 AM");
  });

  it("de-DE: 24-hour clock, day before month, German names", () => {
    browserLocale("de-DE");
    expect(clockTime(morning)).toBe("07:03");
    expect(widgetTimeLabel(morning.toISOString())).toBe("07:03");
    expect(shortDate(morning, now)).toBe("1. Dez.");
    expect(shortDate(lastYear, now)).toBe("4. März 2025");
    expect(dayLabel(new Date(2026, 10, 20), now)).toBe("Fr., 20. Nov.");
    expect(widgetDayLabel(new Date(2026, 10, 20).toISOString(), now)).toBe("Fr., 20. Nov.");
    expect(dateTime(new Date(2026, 11, 2, 9, 0))).toBe("Mi., 2. Dez., 09:00");
    expect(weekdayTime(new Date(2026, 11, 7, 9, 0))).toBe("Mo., 09:00");
    expect(fullTime(morning)).toBe("01.12.2026, 07:03");
  });

  it("the console and the widget label days the same way", () => {
    browserLocale("en-GB");
    const cases = [
      new Date(2026, 11, 1, 0, 5),
      new Date(2026, 10, 30, 23, 59),
      new Date(2026, 10, 27, 12),
      new Date(2026, 10, 2),
      lastYear,
    ];
    expect(cases.map((d) => dayLabel(d, now))).toEqual(["Today", "Yesterday", "Friday", "Mon 2 Nov", "4 Mar 2025"]);
    expect(cases.map((d) => widgetDayLabel(d.toISOString(), now))).toEqual(cases.map((d) => dayLabel(d, now)));
    expect(clockTime(morning)).toBe(widgetTimeLabel(morning.toISOString()));
  });

  it("lists say how long ago, then the date in the locale", () => {
    browserLocale("de-DE");
    const t = now.getTime();
    expect(shortRelative(new Date(t - 30_000).toISOString(), t)).toBe("now");
    expect(shortRelative(new Date(t - 5 * 60_000).toISOString(), t)).toBe("5m");
    expect(shortRelative(new Date(t - 3 * 3_600_000).toISOString(), t)).toBe("3h");
    expect(shortRelative(new Date(2026, 10, 28, 12).toISOString(), t)).toBe("3d");
    expect(shortRelative(new Date(2026, 10, 2).toISOString(), t)).toBe("2. Nov.");
  });
});
