import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/** No key of the ring opens this value: it was sealed with a key that is no longer configured. */
export class UnreadableSecretError extends Error {
  constructor() {
    super(
      "No configured secret key opens this value (was SECRET_KEY changed without listing the old key in SECRET_KEYS?)",
    );
    this.name = "UnreadableSecretError";
  }
}

/**
 * AES-256-GCM for credentials at rest. Sealed format: "v1:" + base64(iv[12] | tag[16] | ciphertext).
 * Keys form a ring, newest first (SECRET_KEY / SECRET_KEYS, or a key file generated in DATA_DIR):
 * values are sealed with the newest and opened with whichever key works. GCM's tag makes a wrong
 * key fail loudly, so trying a handful of keys needs no key id in the format.
 */
export class SecretBox {
  private readonly keys: Buffer[];
  constructor(keys: Buffer | Buffer[]) {
    this.keys = Array.isArray(keys) ? keys : [keys];
    if (this.keys.length === 0) throw new Error("SecretBox needs at least one key");
    for (const k of this.keys) if (k.length !== 32) throw new Error("SecretBox key must be 32 bytes");
  }

  seal(plain: string): string {
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv("aes-256-gcm", this.keys[0]!, iv);
    const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
    return `v1:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64")}`;
  }

  /** The clear value and whether it was sealed with an older key (then it should be sealed again). */
  openWithAge(sealed: string): { plain: string; stale: boolean } {
    if (!sealed.startsWith("v1:")) throw new Error("Unknown sealed secret format");
    const raw = Buffer.from(sealed.slice(3), "base64");
    for (const [i, key] of this.keys.entries()) {
      try {
        const decipher = crypto.createDecipheriv("aes-256-gcm", key, raw.subarray(0, 12));
        decipher.setAuthTag(raw.subarray(12, 28));
        const plain = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
        return { plain, stale: i > 0 };
      } catch {
        // not this key; try the next one
      }
    }
    throw new UnreadableSecretError();
  }

  open(sealed: string): string {
    return this.openWithAge(sealed).plain;
  }

  sealJson(value: unknown): string {
    return this.seal(JSON.stringify(value));
  }
  openJson<T>(sealed: string): T {
    return JSON.parse(this.open(sealed)) as T;
  }

  /** A sealed value re-sealed with the newest key, or null when it already is (or no key opens it). */
  reseal(sealed: string): string | null {
    try {
      const { plain, stale } = this.openWithAge(sealed);
      return stale ? this.seal(plain) : null;
    } catch {
      return null;
    }
  }

  /** A purpose-bound subkey (HKDF) of the newest key, e.g. for signing visitor tokens, so one key never serves two uses. */
  derive(purpose: string): Buffer {
    return hkdf(this.keys[0]!, purpose);
  }

  /** The same subkey for every key of the ring, newest first: sign with the first, verify with any. */
  deriveAll(purpose: string): Buffer[] {
    return this.keys.map((k) => hkdf(k, purpose));
  }
}

const hkdf = (key: Buffer, purpose: string) =>
  Buffer.from(crypto.hkdfSync("sha256", key, Buffer.alloc(0), purpose, 32));

/**
 * The key ring, newest first: SECRET_KEY (if set), then SECRET_KEYS in their order, then the key
 * file in DATA_DIR if one exists (a server first started without SECRET_KEY sealed with it, so
 * setting SECRET_KEY later must not make those credentials unreadable). With no key configured the
 * key file is the only key, generated on first start.
 */
export function loadSecretKeys(p: { secretKey?: string; secretKeys?: string[] }, dataDir: string): Buffer[] {
  const hex = [p.secretKey, ...(p.secretKeys ?? [])].filter((k): k is string => Boolean(k)).map((k) => k.toLowerCase());
  if (hex.length === 0) return [loadSecretKey(undefined, dataDir)];
  const file = path.join(dataDir, "secret.key");
  if (fs.existsSync(file)) hex.push(fs.readFileSync(file, "utf8").trim().toLowerCase());
  return [...new Set(hex)].map((k) => Buffer.from(k, "hex"));
}

export function loadSecretKey(secretKeyHex: string | undefined, dataDir: string): Buffer {
  if (secretKeyHex) return Buffer.from(secretKeyHex, "hex");
  const file = path.join(dataDir, "secret.key");
  if (fs.existsSync(file)) return Buffer.from(fs.readFileSync(file, "utf8").trim(), "hex");
  fs.mkdirSync(dataDir, { recursive: true });
  const key = crypto.randomBytes(32);
  // wx: never overwrite a key another process just wrote; 0600: only the owner may read it.
  try {
    fs.writeFileSync(file, key.toString("hex"), { flag: "wx", mode: 0o600 });
    return key;
  } catch {
    return Buffer.from(fs.readFileSync(file, "utf8").trim(), "hex");
  }
}
