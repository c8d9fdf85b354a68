import crypto from "node:crypto";
import { webchatSettingsSchema } from "@switchboard/contracts";
import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor } from "../../inbox/cursor";
import { originAllowed, verifyUserHash } from "./adapter";

describe("identity verification", () => {
  const secret = "s3cret";
  const good = crypto.createHmac("sha256", secret).update("user-1").digest("hex");
  it("accepts the site's HMAC of the user id and nothing else", () => {
    expect(verifyUserHash(secret, "user-1", good)).toBe(true);
    expect(verifyUserHash(secret, "user-1", good.toUpperCase())).toBe(true);
    expect(verifyUserHash(secret, "user-2", good)).toBe(false);
    expect(verifyUserHash("other", "user-1", good)).toBe(false);
    expect(verifyUserHash(secret, "user-1", undefined)).toBe(false);
    expect(verifyUserHash(secret, "user-1", "abc")).toBe(false);
  });
});

describe("allowed origins", () => {
  it("matches exact origins, or anything with *", () => {
    const s = webchatSettingsSchema.parse({ allowedOrigins: ["https://shop.example"] });
    expect(originAllowed(s, "https://shop.example")).toBe(true);
    expect(originAllowed(s, "https://evil.example")).toBe(false);
    expect(originAllowed(s, undefined)).toBe(false);
    expect(originAllowed(webchatSettingsSchema.parse({}), "https://any.example")).toBe(true);
  });
});

describe("keyset cursor", () => {
  it("round-trips and rejects garbage", () => {
    const at = new Date("2026-01-02T03:04:05.678Z");
    const id = crypto.randomUUID();
    expect(decodeCursor(encodeCursor(at, id))).toEqual({ at, id });
    expect(decodeCursor(undefined)).toBeNull();
    expect(() => decodeCursor("nonsense")).toThrow(/Invalid cursor/);
  });
});
