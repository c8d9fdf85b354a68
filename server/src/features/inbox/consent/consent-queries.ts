import type { ContactConsent } from "@switchboard/contracts";
import { asc, eq, sql } from "drizzle-orm";
import type { Db } from "../../../platform/db/client";
import { notFound } from "../../../platform/errors";
import { contactConsentEvents, contacts } from "../schema";
import { guessTimeZone } from "./time-zone";

/** A contact's consent, its zone (stored, else guessed from the number) and every change, oldest first. */
export async function getContactConsent(db: Db, contactId: string): Promise<ContactConsent> {
  const [c] = await db
    .select({
      status: contacts.consentStatus,
      source: contacts.consentSource,
      at: contacts.consentAt,
      timeZone: contacts.timeZone,
      phone: contacts.phone,
    })
    .from(contacts)
    .where(eq(contacts.id, contactId))
    .limit(1);
  if (!c) throw notFound("Contact");
  const events = await db
    // The agent's name read by id in SQL: the users table is the agents feature's own.
    .select({
      e: contactConsentEvents,
      actorName: sql<string | null>`(select name from users where id = ${contactConsentEvents.actorId})`,
    })
    .from(contactConsentEvents)
    .where(eq(contactConsentEvents.contactId, contactId))
    .orderBy(asc(contactConsentEvents.at), asc(contactConsentEvents.id));
  const guessed = c.timeZone ? null : guessTimeZone(c.phone);
  return {
    contactId,
    status: c.status,
    source: c.source,
    at: c.at?.toISOString() ?? null,
    timeZone: c.timeZone ?? guessed,
    timeZoneGuessed: !c.timeZone && guessed !== null,
    history: events.map(({ e, actorName }) => ({
      id: e.id,
      status: e.status,
      previous: e.previous,
      source: e.source,
      reason: e.reason,
      actor: e.actorId ? { id: e.actorId, name: actorName ?? "" } : null,
      at: e.at.toISOString(),
    })),
  };
}
