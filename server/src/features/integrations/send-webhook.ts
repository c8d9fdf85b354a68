import crypto from "node:crypto";
import http from "node:http";
import https from "node:https";
import { safeLookup } from "./safe-address";

const MAX_RESPONSE_BYTES = 2048;

/**
 * `Switchboard-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`.
 * The timestamp is inside the signed text, so a captured request replayed later fails the
 * receiver's tolerance check (we document 5 minutes).
 */
export function signatureHeader(secret: string, body: string, at = new Date()): string {
  const t = Math.floor(at.getTime() / 1000);
  const v1 = crypto.createHmac("sha256", secret).update(`${t}.${body}`).digest("hex");
  return `t=${t},v1=${v1}`;
}

export interface SendResult {
  status: number | null;
  durationMs: number;
  responseBody: string | null;
  error: string | null;
}

/**
 * One POST. No redirects (a 3xx is a failure: following it could lead anywhere, including our own
 * network), a hard timeout, and only the first 2 KB of the answer are read and kept.
 */
export function sendWebhook(p: {
  url: string;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
  allowPrivate: boolean;
}): Promise<SendResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  return new Promise((resolve) => {
    let settled = false;
    const done = (r: Omit<SendResult, "durationMs">) => {
      if (settled) return;
      settled = true;
      resolve({ ...r, durationMs: elapsed() });
    };
    const url = new URL(p.url);
    const mod = url.protocol === "https:" ? https : http;
    const req = mod.request(
      url,
      {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "content-length": String(Buffer.byteLength(p.body)),
          "user-agent": "Switchboard-Webhooks/1",
          ...p.headers,
        },
        lookup: safeLookup(p.allowPrivate),
        timeout: p.timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (c: Buffer) => {
          if (size < MAX_RESPONSE_BYTES) chunks.push(c);
          size += c.length;
          // Enough kept: stop reading a large (or endless) answer.
          if (size >= MAX_RESPONSE_BYTES) res.destroy();
        });
        const finish = () => {
          const text = Buffer.concat(chunks).subarray(0, MAX_RESPONSE_BYTES).toString("utf8").replaceAll("\u0000", ""); // PostgreSQL cannot store NUL
          const status = res.statusCode ?? null;
          const ok = status !== null && status >= 200 && status < 300;
          done({
            status,
            responseBody: text || null,
            error: ok
              ? null
              : status !== null && status >= 300 && status < 400
                ? `Redirect (${status}) not followed`
                : `HTTP ${status}`,
          });
        };
        res.on("end", finish);
        res.on("close", finish);
        res.on("error", finish);
      },
    );
    const overall = setTimeout(() => req.destroy(new Error(`Timed out after ${p.timeoutMs} ms`)), p.timeoutMs);
    req.on("timeout", () => req.destroy(new Error(`Timed out after ${p.timeoutMs} ms`)));
    req.on("error", (err: NodeJS.ErrnoException) =>
      done({ status: null, responseBody: null, error: (err.message || err.code || "Request failed").slice(0, 500) }),
    );
    req.on("close", () => clearTimeout(overall));
    req.end(p.body);
  });
}
