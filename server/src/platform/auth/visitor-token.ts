import crypto from "node:crypto";

/** Who a widget visitor is: one contact identity on one website channel. */
export interface VisitorIdentity {
  channelId: string;
  contactId: string;
  identityId: string;
  /** Ids chosen ahead: the contact is created by the visitor's first message (see ensureVisitorContact). */
  pending?: boolean;
}

/**
 * Visitor tokens are HMAC-signed, not stored: "v1.<base64url(json)>.<base64url(sig)>".
 * They grant access to the conversations of one contact on one channel, nothing else.
 */
export class VisitorTokens {
  private readonly keys: Buffer[];
  /**
   * Signed with the first key, accepted with any: after a key rotation (SECRET_KEYS) visitors keep
   * their conversations while the old key is listed; once it is removed, their tokens stop working
   * and the widget starts a new anonymous session.
   */
  constructor(keys: Buffer | Buffer[]) {
    this.keys = Array.isArray(keys) ? keys : [keys];
  }

  sign(v: VisitorIdentity): string {
    const body = Buffer.from(
      JSON.stringify({ c: v.channelId, k: v.contactId, i: v.identityId, ...(v.pending ? { p: 1 } : {}) }),
    ).toString("base64url");
    return `v1.${body}.${this.mac(this.keys[0]!, body)}`;
  }

  verify(token: string | undefined | null): VisitorIdentity | null {
    if (!token) return null;
    const [version, body, sig] = token.split(".");
    if (version !== "v1" || !body || !sig) return null;
    const given = Buffer.from(sig);
    const valid = this.keys.some((key) => {
      const expected = Buffer.from(this.mac(key, body));
      return expected.length === given.length && crypto.timingSafeEqual(expected, given);
    });
    if (!valid) return null;
    try {
      const j = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
      if (typeof j.c !== "string" || typeof j.k !== "string" || typeof j.i !== "string") return null;
      return { channelId: j.c, contactId: j.k, identityId: j.i, ...(j.p === 1 ? { pending: true } : {}) };
    } catch {
      return null;
    }
  }

  private mac(key: Buffer, body: string) {
    return crypto.createHmac("sha256", key).update(body).digest("base64url");
  }
}
