import crypto from "node:crypto";
import type { AppContext } from "../../platform/context";

/** How long a recording link works. Short: it is made when the call page asks, for the player in it. */
export const RECORDING_LINK_TTL_SECONDS = 300;

const mac = (key: Buffer, callId: string, userId: string, exp: number) =>
  crypto.createHmac("sha256", key).update(`recording.${callId}.${userId}.${exp}`).digest("base64url");

/**
 * A signed, expiring link to one call's recording, bound to the user it was made for: the download
 * also needs that user's session, so a forwarded link is useless to anyone else.
 */
export function signRecordingLink(ctx: AppContext, callId: string, userId: string, nowMs: number) {
  const exp = Math.floor(nowMs / 1000) + RECORDING_LINK_TTL_SECONDS;
  const sig = mac(ctx.secrets.derive("recording-link"), callId, userId, exp);
  return {
    url: `${ctx.publicUrl()}/api/calls/${callId}/recording?exp=${exp}&sig=${sig}`,
    expiresAt: new Date(exp * 1000).toISOString(),
  };
}

export function verifyRecordingLink(
  ctx: AppContext,
  callId: string,
  userId: string,
  exp: unknown,
  sig: unknown,
  nowMs: number,
): boolean {
  const e = Number(exp);
  if (!Number.isInteger(e) || e < nowMs / 1000 || typeof sig !== "string") return false;
  const given = Buffer.from(sig);
  return ctx.secrets.deriveAll("recording-link").some((key) => {
    const expected = Buffer.from(mac(key, callId, userId, e));
    return expected.length === given.length && crypto.timingSafeEqual(expected, given);
  });
}
