import type { Request as ExpressRequest, Response } from "express";

/** Wire helpers of the Telegram fake: Telegram's envelope and how it reads method parameters. */

export const ok = (res: Response, result: unknown, description?: string) =>
  void res.json({ ok: true, result, ...(description ? { description } : {}) });

export const fail = (res: Response, code: number, description: string, parameters?: Record<string, unknown>) =>
  void res.status(code).json({ ok: false, error_code: code, description, ...(parameters ? { parameters } : {}) });

export const unauthorized = (res: Response) => fail(res, 401, "Unauthorized");
export const notFound = (res: Response) => fail(res, 404, "Not Found");

export type Params = Record<string, unknown>;

/**
 * Telegram takes parameters from the query string, JSON, urlencoded or multipart bodies alike;
 * in query, form and multipart values, objects and arrays are JSON-serialized strings.
 */
export async function readParams(req: ExpressRequest): Promise<Params | "bad_json"> {
  const out: Params = {};
  for (const [k, v] of Object.entries(req.query)) if (typeof v === "string") out[k] = v;
  const type = String(req.headers["content-type"] ?? "").toLowerCase();
  const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  if (!raw.length) return out;
  if (type.startsWith("multipart/form-data")) {
    const form = await new Request("http://fake.local", {
      method: "POST",
      headers: { "content-type": String(req.headers["content-type"]) },
      body: new Uint8Array(raw),
    }).formData();
    for (const [k, v] of form) out[k] = v;
  } else if (type.startsWith("application/x-www-form-urlencoded")) {
    for (const [k, v] of new URLSearchParams(raw.toString("utf8"))) out[k] = v;
  } else if (type.startsWith("application/json")) {
    try {
      const body = JSON.parse(raw.toString("utf8"));
      if (body && typeof body === "object" && !Array.isArray(body)) Object.assign(out, body);
      else return "bad_json";
    } catch {
      return "bad_json";
    }
  }
  return out;
}

/** A parameter that may arrive as an object or as its JSON string. */
export function jsonParam<T>(v: unknown): T | undefined {
  if (typeof v !== "string") return (v ?? undefined) as T | undefined;
  try {
    return JSON.parse(v) as T;
  } catch {
    return undefined;
  }
}

export const str = (v: unknown) => (typeof v === "string" ? v : typeof v === "number" ? String(v) : "");

/** `file_id`s look like Telegram's: opaque base64url strings. */
export const fileIdFrom = (n: number, salt: string) =>
  Buffer.from(`fake-file:${salt}:${n}:${Math.random().toString(36).slice(2)}`).toString("base64url");
