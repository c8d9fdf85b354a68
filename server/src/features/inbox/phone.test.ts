import { describe, expect, it } from "vitest";
import { normalizePhone, phoneOrNull, phoneSearchDigits } from "./phone";

describe("normalizePhone", () => {
  it("writes every formatting of one number as the same E.164", () => {
    for (const raw of ["+1 (415) 555-0100", "+1 415 555 0100", "+1.415.555.0100", "001 415 555 0100"])
      expect(normalizePhone(raw)).toEqual({ ok: true, e164: "+14155550100" });
    expect(normalizePhone("(415) 555-0100", { defaultCountry: "US" })).toEqual({ ok: true, e164: "+14155550100" });
    expect(normalizePhone("4155550100", { defaultCountry: "us" })).toEqual({ ok: true, e164: "+14155550100" });
    expect(normalizePhone("020 7946 0958", { defaultCountry: "GB" })).toEqual({ ok: true, e164: "+442079460958" });
    expect(normalizePhone("030 123456", { defaultCountry: "DE" })).toEqual({ ok: true, e164: "+4930123456" });
  });

  it("reads provider ids (bare international digits) with their country code, never as local", () => {
    expect(normalizePhone("14155550100", { international: true, defaultCountry: "GB" })).toEqual({
      ok: true,
      e164: "+14155550100",
    });
    // Not strict: a provider delivered to it, so an unassigned range (555 test numbers) is kept.
    expect(normalizePhone("15551234567", { international: true, strict: false })).toEqual({
      ok: true,
      e164: "+15551234567",
    });
    expect(phoneOrNull("+sandbox-1", { international: true, strict: false })).toBeNull();
    expect(phoneOrNull(null)).toBeNull();
  });

  it("refuses what is not a number, with a reason an agent can act on", () => {
    expect(normalizePhone("4155550100")).toEqual({
      ok: false,
      reason: "Add the country code (e.g. +44…): no default country is configured",
    });
    expect(normalizePhone("call me")).toMatchObject({ ok: false, reason: "Phone number contains letters" });
    expect(normalizePhone("12345", { defaultCountry: "US" })).toMatchObject({ ok: false });
    expect(normalizePhone("+1 555 1234 567")).toMatchObject({ ok: false, reason: expect.stringMatching(/valid/) });
    expect(normalizePhone("   ")).toMatchObject({ ok: false, reason: "Phone number is empty" });
    expect(normalizePhone("+999 1234567")).toMatchObject({ ok: false });
  });

  it("an unknown default country is ignored rather than guessed", () => {
    expect(normalizePhone("4155550100", { defaultCountry: "XX" })).toMatchObject({ ok: false });
  });
});

describe("phoneSearchDigits", () => {
  it("turns a number-like search term into the digits stored numbers contain", () => {
    expect(phoneSearchDigits("+1 (415) 555-0100")).toEqual(["14155550100"]);
    expect(phoneSearchDigits("4155550100", "US")).toEqual(["4155550100", "14155550100"]);
    expect(phoneSearchDigits("020 7946 0958", "GB")).toEqual(["02079460958", "442079460958", "2079460958"]);
  });
  it("leaves names, emails and short fragments to the text search", () => {
    expect(phoneSearchDigits("Dana")).toEqual([]);
    expect(phoneSearchDigits("dana@example.com")).toEqual([]);
    expect(phoneSearchDigits("41")).toEqual([]);
  });
});
