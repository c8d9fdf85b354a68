import { describe, expect, it } from "vitest";
import { safeErrorText } from "./safe-error-text";

describe("safeErrorText", () => {
  it("removes NUL and replaces lone surrogates, which PostgreSQL text cannot hold", () => {
    const t = safeErrorText(new Error("bad a\u0000b \ud800 end"));
    expect(t).toBe("bad ab \ufffd end");
    expect(t.includes("\u0000")).toBe(false);
  });

  it("gives the innermost cause's reason, not a wrapper that quotes the query and its parameters", () => {
    const db = Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: "22021" });
    const wrapped = new Error("Failed query: insert into messages ... params: a\u0000b", { cause: db });
    expect(safeErrorText(wrapped)).toBe('invalid byte sequence for encoding "UTF8": 0x00');
  });

  it("bounds the length without splitting a surrogate pair", () => {
    const t = safeErrorText(new Error("😀".repeat(2000)), 101);
    expect(t.length).toBeLessThanOrEqual(101);
    expect(t.endsWith("…")).toBe(true);
    expect(/[\ud800-\udbff](?![\udc00-\udfff])/.test(t)).toBe(false);
  });

  it("never throws, whatever was thrown", () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(safeErrorText(circular)).toBe("Processing failed (no reason given)");
    expect(safeErrorText(undefined)).toBe("Processing failed (no reason given)");
    expect(safeErrorText("plain text")).toBe("plain text");
  });
});
