import crypto from "node:crypto";
import type { ProviderAdapter } from "./adapter";

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

/**
 * Webhook handling shared by Meta's products (WhatsApp, Instagram): hub challenge with our verify
 * token, X-Hub-Signature-256 with the app secret, and the signed bytes as the delivery identity
 * (Meta sends no delivery id).
 */
export function metaWebhook<S>(p: {
  path: string;
  accountIds: (payload: unknown) => string[];
  orderingKey: (payload: unknown) => string;
  summarize: (payload: unknown) => string;
  split?: (payload: unknown) => { accountId: string; payload: unknown }[];
}): ProviderAdapter<S>["webhook"] {
  return {
    path: p.path,
    ...(p.split ? { split: p.split } : {}),
    challenge: (req, c) => metaChallenge(req.query, c.secrets.verifyToken),
    accountIds: p.accountIds,
    verify: (req, c) => verifyMetaSignature(c.secrets.appSecret, req.rawBody, req.headers["x-hub-signature-256"]),
    eventKey: (_p, raw) => sha256Hex(raw),
    orderingKey: p.orderingKey,
    summarize: p.summarize,
  };
}
