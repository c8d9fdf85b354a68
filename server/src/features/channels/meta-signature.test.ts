import { describe, expect, it } from "vitest";
import { metaChallenge, metaSignature, verifyMetaSignature } from "./meta-signature";

describe("Meta X-Hub-Signature-256 (pure)", () => {
  // The published sanity vector (wire-protocols.md, section on WhatsApp signatures):
  // HMAC-SHA256(key "secret", message "test").
  const VECTOR = "sha256=0329a06b62cd16b33eb6792be8c60b158d89a2ee3a876fce9a881ebb488c0914";

  it("computes the known vector over the raw bytes", () => {
    expect(metaSignature("secret", Buffer.from("test"))).toBe(VECTOR);
  });

  it("accepts the vector, in either case and with surrounding spaces", () => {
    expect(verifyMetaSignature("secret", Buffer.from("test"), VECTOR)).toBe(true);
    expect(
      verifyMetaSignature("secret", Buffer.from("test"), ` ${VECTOR.toUpperCase().replace("SHA256", "sha256")} `),
    ).toBe(true);
  });

  it("refuses another body, another secret, a missing or repeated header, and a bare hex digest", () => {
    const body = Buffer.from("test");
    expect(verifyMetaSignature("secret", Buffer.from("test "), VECTOR)).toBe(false);
    expect(verifyMetaSignature("Secret", body, VECTOR)).toBe(false);
    expect(verifyMetaSignature(undefined, body, VECTOR)).toBe(false);
    expect(verifyMetaSignature("secret", body, undefined)).toBe(false);
    expect(verifyMetaSignature("secret", body, [VECTOR, VECTOR])).toBe(false);
    expect(verifyMetaSignature("secret", body, VECTOR.slice("sha256=".length))).toBe(false);
    expect(verifyMetaSignature("secret", body, `${VECTOR}00`)).toBe(false);
  });

  it("answers the hub challenge only for subscribe with the right verify token", () => {
    const q = { "hub.mode": "subscribe", "hub.verify_token": "tok", "hub.challenge": "42" };
    expect(metaChallenge(q, "tok")).toEqual({ status: 200, body: "42", contentType: "text/plain" });
    expect(metaChallenge({ ...q, "hub.verify_token": "nope" }, "tok")).toBeNull();
    expect(metaChallenge({ ...q, "hub.mode": "unsubscribe" }, "tok")).toBeNull();
    expect(metaChallenge({ ...q, "hub.challenge": ["1", "2"] }, "tok")).toBeNull();
    expect(metaChallenge(q, undefined)).toBeNull();
  });
});
