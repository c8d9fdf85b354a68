import type { ConsentSource, ConsentStatus } from "@switchboard/contracts";
import { eq } from "drizzle-orm";
import type { Db } from "../../../platform/db/client";
import { notFound } from "../../../platform/errors";
import { contactConsentEvents, contacts } from "../schema";

export interface ConsentChange {
  status: ConsentStatus;
  source: ConsentSource;
  reason?: string | null;
  /** The agent who changed it (source "agent"). */
  actorId?: string | null;
  /** The inbound message that carried the keyword (source "keyword"). */
  messageId?: string | null;
}

/**
 * Sets a contact's consent and logs the change, in one transaction (the contact row is locked, so
 * two keywords at once log two changes in order, never a change from a stale status). Setting the
 * status it already has logs nothing: the history lists changes, not repetitions of "STOP".
 * Returns whether it changed; a missing contact is a 404.
 */
export async function setConsent(db: Db, contactId: string, change: ConsentChange): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [c] = await tx
      .select({ status: contacts.consentStatus })
      .from(contacts)
      .where(eq(contacts.id, contactId))
      .for("update");
    if (!c) throw notFound("Contact");
    if (c.status === change.status) return false;
    const at = new Date();
    await tx
      .update(contacts)
      .set({ consentStatus: change.status, consentSource: change.source, consentAt: at, updatedAt: at })
      .where(eq(contacts.id, contactId));
    await tx.insert(contactConsentEvents).values({
      contactId,
      status: change.status,
      previous: c.status,
      source: change.source,
      reason: change.reason ?? null,
      actorId: change.actorId ?? null,
      messageId: change.messageId ?? null,
      at,
    });
    return true;
  });
}

/**
 * Opts a contact out of marketing: what the campaign sender calls on Meta's 131050 ("user stopped
 * marketing messages") and what a keyword or an agent ends in. Idempotent.
 */
export function optOutContact(db: Db, contactId: string, opts: { source: ConsentSource; reason?: string | null }) {
  return setConsent(db, contactId, { status: "opted_out", source: opts.source, reason: opts.reason });
}
