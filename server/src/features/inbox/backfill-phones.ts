import { and, asc, gt, isNotNull, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { normalizePhone } from "./phone";
import { contacts } from "./schema";

/**
 * Stored phones from before E.164 normalisation, normalised once at start-up (a backfill rather
 * than a migration: the rules live in libphonenumber-js, not in SQL). Only rows not already in
 * E.164 are read, 500 at a time, so a normalised database costs one indexed-free scan that finds
 * nothing. A number that cannot be read is left as it is (never lost); it still matches a search by
 * its digits. Idempotent, and safe with two processes (each writes the same value).
 */
export async function backfillContactPhones(db: Db, defaultCountry: string | null): Promise<number> {
  let fixed = 0;
  let after = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    const rows = await db
      .select({ id: contacts.id, phone: contacts.phone })
      .from(contacts)
      .where(and(isNotNull(contacts.phone), sql`${contacts.phone} !~ '^\\+[1-9][0-9]{6,14}$'`, gt(contacts.id, after)))
      .orderBy(asc(contacts.id))
      .limit(500);
    for (const r of rows) {
      const raw = r.phone!;
      // Stored numbers came from providers (international digits) or agents (maybe local): local
      // in the default country first, then as international digits.
      const local = normalizePhone(raw, { defaultCountry, strict: false });
      const n = local.ok ? local : normalizePhone(raw, { international: true, strict: false });
      const e164 = n.ok ? n.e164 : null;
      if (e164 && e164 !== raw) {
        await db.update(contacts).set({ phone: e164 }).where(sql`${contacts.id} = ${r.id}`);
        fixed++;
      }
    }
    if (rows.length < 500) return fixed;
    after = rows.at(-1)!.id;
  }
}
