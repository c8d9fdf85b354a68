import express, { type NextFunction, type Request, type Response } from "express";
import twilio from "twilio";
import type { AppContext } from "../../platform/context";
import { AppError } from "../../platform/errors";
import type { FormParams } from "./apply-callback";
import { loadTwilioCredentials } from "./credentials";

/**
 * X-Twilio-Signature over the URL Twilio requested: PUBLIC_URL (what Twilio saw, in front of any
 * proxy) + the path and query we received. The SDK's validateRequest also accepts the URL with or
 * without the default port, as Twilio's own signing varies.
 */
export function validTwilioSignature(
  authToken: string | null,
  header: unknown,
  url: string,
  params: Record<string, unknown>,
): boolean {
  if (!authToken || typeof header !== "string" || header.length === 0 || header.length > 200) return false;
  try {
    return twilio.validateRequest(authToken, header, url, params);
  } catch {
    return false;
  }
}

/** Reads and verifies a Twilio callback: 401 (nothing stored) unless X-Twilio-Signature is valid for PUBLIC_URL + path. */
export async function verifiedTwilioForm(ctx: AppContext, req: Request): Promise<FormParams> {
  const creds = await loadTwilioCredentials(ctx);
  const params = (req.body ?? {}) as FormParams;
  const url = `${ctx.publicUrl()}${req.originalUrl}`;
  if (!validTwilioSignature(creds?.authToken ?? null, req.get("x-twilio-signature"), url, params))
    throw new AppError("invalid_signature", "Missing or invalid X-Twilio-Signature");
  return params;
}

export const twilioForm = [
  express.urlencoded({ extended: false, limit: "64kb", parameterLimit: 200 }),
  bodyErrors,
] as const;

export function bodyErrors(err: unknown, _req: Request, _res: Response, next: NextFunction) {
  const t = (err ?? {}) as { type?: string; status?: number };
  if (t.type === "entity.too.large") return next(new AppError("payload_too_large", "The callback body is too large"));
  if (typeof t.status === "number" && t.status >= 400 && t.status < 500)
    return next(new AppError("bad_request", "The callback body could not be read"));
  next(err);
}
