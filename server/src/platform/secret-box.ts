import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/**
 * AES-256-GCM for credentials at rest. Sealed format: "v1:" + base64(iv[12] | tag[16] | ciphertext).
 * The key comes from SECRET_KEY, or from a key file generated in DATA_DIR on first start.
 */
export class SecretBox {
  private readonly key: Buffer;
  constructor(key: Buffer) {
    if (key.length !== 32) throw new Error("SecretBox key must be 32 bytes");
    this.key = key;
  }

  seal(plain: string): string {
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv("aes-256-gcm", this.key, iv);
    const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
    return `v1:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64")}`;
  }

  open(sealed: string): string {
    if (!sealed.startsWith("v1:")) throw new Error("Unknown sealed secret format");
    const raw = Buffer.from(sealed.slice(3), "base64");
    const decipher = crypto.createDecipheriv("aes-256-gcm", this.key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
  }

  sealJson(value: unknown): string {
    return this.seal(JSON.stringify(value));
  }
  openJson<T>(sealed: string): T {
    return JSON.parse(this.open(sealed)) as T;
  }

  /** A purpose-bound subkey (HKDF), e.g. for signing visitor tokens, so one key never serves two uses. */
  derive(purpose: string): Buffer {
    return Buffer.from(crypto.hkdfSync("sha256", this.key, Buffer.alloc(0), purpose, 32));
  }
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
