import type { Priority, SlaMetric } from "@switchboard/contracts";
import { and, desc, eq } from "drizzle-orm";
import type { AppContext } from "../../platform/context";
import type { Db } from "../../platform/db/client";
import type { SlaSubjectRef } from "./announce";
import type { SlaLinks } from "./links";
import { pauseClock } from "./pause-clock";
import { listPolicies } from "./queries";
import { resumeClock } from "./resume-clock";
import { retargetClock } from "./retarget-clock";
import { type SlaClockRow, slaClocks } from "./schema";
import { needsContactFields, type SlaSubject, selectPolicy } from "./select-policy";
import { startClockOnce } from "./start-clock";

/**
 * The steps the ticket and conversation wiring share: each is the clock use-case (the instants it
 * stores are what the alert sweeper fires). Each returns whether something changed (then the caller announces).
 */

/** Every clock of a subject, newest first (open and stopped). */
export async function clocksOf(db: Db, s: SlaSubjectRef): Promise<SlaClockRow[]> {
  return db
    .select()
    .from(slaClocks)
    .where(and(eq(slaClocks.subjectType, s.subjectType), eq(slaClocks.subjectId, s.subjectId)))
    .orderBy(desc(slaClocks.startedAt), desc(slaClocks.createdAt));
}

export const isOpen = (c: SlaClockRow) => c.status === "active" || c.status === "paused";
export const openOf = (clocks: SlaClockRow[], metric: SlaMetric) =>
  clocks.find((c) => c.metric === metric && isOpen(c));

/**
 * The policy version that applies now, first match in order (issue 10 §2); null when none matches.
 * The contact's fields are read (through the inbox's query, via links) only when a policy asks for them:
 * most setups have none, and every clock change passes here.
 */
export async function chooseVersion(
  db: Db,
  links: SlaLinks,
  subject: Omit<SlaSubject, "contactFields">,
  contactId: string | null,
): Promise<string | null> {
  const policies = await listPolicies(db);
  const contactFields = contactId && needsContactFields(policies) ? await links.contactFields(db, contactId) : null;
  return selectPolicy(policies, { ...subject, contactFields })?.versionId ?? null;
}

export async function start(
  ctx: AppContext,
  s: SlaSubjectRef,
  metric: SlaMetric,
  versionId: string,
  priority: Priority,
  now: Date,
): Promise<boolean> {
  const r = await startClockOnce(ctx.db, { ...s, metric, policyVersionId: versionId, priority, now });
  return r?.created ?? false;
}

export async function resume(ctx: AppContext, s: SlaSubjectRef, metric: SlaMetric, now: Date): Promise<boolean> {
  return (await resumeClock(ctx.db, { ...s, metric, now })) !== null;
}

export async function pause(ctx: AppContext, s: SlaSubjectRef, metric: SlaMetric, now: Date): Promise<boolean> {
  return (await pauseClock(ctx.db, { ...s, metric, now })) !== null;
}

export async function retarget(
  ctx: AppContext,
  s: SlaSubjectRef,
  metric: SlaMetric,
  versionId: string,
  priority: Priority,
  now: Date,
): Promise<boolean> {
  return (await retargetClock(ctx.db, { ...s, metric, policyVersionId: versionId, priority, now })).changed;
}
