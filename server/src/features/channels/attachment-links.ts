import crypto from "node:crypto";
import type { AppContext } from "../../platform/context";

/** Expiring signed links to an attachment, for providers that fetch media by URL (Instagram). */
export function signedAttachmentUrl(ctx: AppContext, id: string, ttlSeconds = 3600): string {
  const exp = Math.floor(Date.now() / 1000) + ttlSeconds;
  return `${ctx.publicUrl()}/api/attachments/${id}?exp=${exp}&sig=${sign(ctx, id, exp)}`;
}

export function verifyAttachmentSignature(ctx: AppContext, id: string, exp: unknown, sig: unknown): boolean {
  const e = Number(exp);
  if (!Number.isFinite(e) || e < Date.now() / 1000 || typeof sig !== "string") return false;
  const expected = Buffer.from(sign(ctx, id, e));
  const given = Buffer.from(sig);
  return expected.length === given.length && crypto.timingSafeEqual(expected, given);
}

function sign(ctx: AppContext, id: string, exp: number) {
  return crypto.createHmac("sha256", ctx.secrets.derive("attachment-link")).update(`${id}.${exp}`).digest("base64url");
}
