import crypto from "node:crypto";

/** Meta (WhatsApp, Instagram): X-Hub-Signature-256 = "sha256=" + hex HMAC-SHA256(app secret, raw body). */
export function metaSignature(appSecret: string, rawBody: Buffer): string {
  return `sha256=${crypto.createHmac("sha256", appSecret).update(rawBody).digest("hex")}`;
}

export function verifyMetaSignature(
  appSecret: string | undefined,
  rawBody: Buffer,
  header: string | string[] | undefined,
): boolean {
  if (!appSecret || typeof header !== "string") return false;
  return safeEqual(metaSignature(appSecret, rawBody), header.trim().toLowerCase());
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

/** Meta's GET handshake: echo hub.challenge when hub.mode=subscribe and the verify token matches. */
export function metaChallenge(query: Record<string, unknown>, verifyToken: string | undefined) {
  const mode = query["hub.mode"];
  const token = query["hub.verify_token"];
  const challenge = query["hub.challenge"];
  if (mode !== "subscribe" || typeof token !== "string" || typeof challenge !== "string" || !verifyToken) return null;
  if (!safeEqual(token, verifyToken)) return null;
  return { status: 200, body: challenge, contentType: "text/plain" };
}

export const sha256Hex = (b: Buffer | string) => crypto.createHash("sha256").update(b).digest("hex");

/** Graph API error body: { error: { message, code, error_data: { details } } }. */
export function graphError(status: number, body: any): { message: string; code?: string } {
  const e = body?.error;
  if (!e) return { message: `HTTP ${status}` };
  const details = e.error_data?.details;
  return {
    message: details ? `${e.message}: ${details}` : String(e.message ?? `HTTP ${status}`),
    code: e.code === undefined ? undefined : String(e.code),
  };
}
