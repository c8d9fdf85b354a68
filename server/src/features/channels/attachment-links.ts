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
  const given = Buffer.from(sig);
  // Any key of the ring: links handed out just before a key rotation keep working until they expire.
  return ctx.secrets.deriveAll("attachment-link").some((key) => {
    const expected = Buffer.from(mac(key, id, e));
    return expected.length === given.length && crypto.timingSafeEqual(expected, given);
  });
}

function sign(ctx: AppContext, id: string, exp: number) {
  return mac(ctx.secrets.derive("attachment-link"), id, exp);
}

const mac = (key: Buffer, id: string, exp: number) =>
  crypto.createHmac("sha256", key).update(`${id}.${exp}`).digest("base64url");
