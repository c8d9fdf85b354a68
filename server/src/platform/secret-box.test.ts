import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { VisitorTokens } from "./auth/visitor-token";
import { loadSecretKey, loadSecretKeys, SecretBox, UnreadableSecretError } from "./secret-box";

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
  it("rotates: seals with the newest key, opens with any, tells what to re-seal", () => {
    const oldKey = crypto.randomBytes(32);
    const newKey = crypto.randomBytes(32);
    const sealedOld = new SecretBox(oldKey).seal("credential");
    const ring = new SecretBox([newKey, oldKey]);
    expect(ring.openWithAge(sealedOld)).toEqual({ plain: "credential", stale: true });
    const resealed = ring.reseal(sealedOld)!;
    expect(new SecretBox(newKey).open(resealed)).toBe("credential");
    expect(ring.reseal(resealed)).toBeNull();
    expect(() => new SecretBox(newKey).open(sealedOld)).toThrow(UnreadableSecretError);
    const tokens = new VisitorTokens(new SecretBox(oldKey).deriveAll("visitor-token"));
    const v = { channelId: crypto.randomUUID(), contactId: crypto.randomUUID(), identityId: crypto.randomUUID() };
    expect(new VisitorTokens(ring.deriveAll("visitor-token")).verify(tokens.sign(v))).toEqual(v);
    expect(new VisitorTokens(new SecretBox(newKey).deriveAll("visitor-token")).verify(tokens.sign(v))).toBeNull();
  });
  it("builds the ring from SECRET_KEY, SECRET_KEYS and an existing key file, newest first", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sb-key-"));
    const fileKey = loadSecretKey(undefined, dir);
    const [a, b] = [crypto.randomBytes(32).toString("hex"), crypto.randomBytes(32).toString("hex")];
    const ring = loadSecretKeys({ secretKey: a, secretKeys: [a, b] }, dir).map((k) => k.toString("hex"));
    expect(ring).toEqual([a, b, fileKey.toString("hex")]);
    fs.rmSync(dir, { recursive: true });
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
