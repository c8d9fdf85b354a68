import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { VisitorTokens } from "./auth/visitor-token";
import { RateLimiter } from "./auth/rate-limit";
import { loadSecretKey, SecretBox } from "./secret-box";

describe("SecretBox", () => {
  const box = new SecretBox(crypto.randomBytes(32));
  it("round-trips and never repeats a ciphertext", () => {
    const a = box.seal("token-123");
    expect(a).not.toContain("token-123");
    expect(box.seal("token-123")).not.toBe(a);
    expect(box.open(a)).toBe("token-123");
  });
  it("detects tampering and wrong keys", () => {
    const sealed = box.seal("x");
    const raw = Buffer.from(sealed.slice(3), "base64");
    raw[raw.length - 1]! ^= 1;
    expect(() => box.open(`v1:${raw.toString("base64")}`)).toThrow();
    expect(() => new SecretBox(crypto.randomBytes(32)).open(sealed)).toThrow();
  });
  it("generates a key file once and reuses it", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sb-key-"));
    const k1 = loadSecretKey(undefined, dir);
    expect(loadSecretKey(undefined, dir).equals(k1)).toBe(true);
    expect(fs.statSync(path.join(dir, "secret.key")).mode & 0o077).toBe(0);
    fs.rmSync(dir, { recursive: true });
  });
});

describe("VisitorTokens", () => {
  const tokens = new VisitorTokens(crypto.randomBytes(32));
  const v = { channelId: crypto.randomUUID(), contactId: crypto.randomUUID(), identityId: crypto.randomUUID() };
  it("verifies its own tokens and rejects altered ones", () => {
    const t = tokens.sign(v);
    expect(tokens.verify(t)).toEqual(v);
    const [ver, body, sig] = t.split(".");
    const forged = Buffer.from(JSON.stringify({ c: v.channelId, k: crypto.randomUUID(), i: v.identityId })).toString(
      "base64url",
    );
    expect(tokens.verify(`${ver}.${forged}.${sig}`)).toBeNull();
    expect(tokens.verify(`${ver}.${body}.${sig}x`)).toBeNull();
    expect(new VisitorTokens(crypto.randomBytes(32)).verify(t)).toBeNull();
    expect(tokens.verify("garbage")).toBeNull();
  });
});

describe("RateLimiter", () => {
  it("blocks after the limit until the window passes", () => {
    const rl = new RateLimiter(2, 1000);
    rl.hit("k", 0);
    expect(rl.blockedFor("k", 10)).toBe(0);
    rl.hit("k", 20);
    expect(rl.blockedFor("k", 30)).toBe(1);
    expect(rl.blockedFor("k", 1001)).toBe(0);
    expect(rl.blockedFor("other", 30)).toBe(0);
  });
});
