import { and, inArray } from "drizzle-orm";
import type { AppContext } from "../../platform/context";
import { syncConversationClocks } from "./conversation-clocks";
import type { SlaLinks } from "./links";
import { listPolicies } from "./queries";
import { slaClocks } from "./schema";
import { needsContactFields } from "./select-policy";
import { syncTicketClocks } from "./ticket-clocks";

type Serial = (key: string, fn: () => Promise<unknown>) => Promise<void>;

/**
 * A contact's fields changed, at `now`: policies with contact-field conditions may now pick another
 * policy for its subjects, so each of its unresolved conversations and unsolved tickets that has an
 * open clock is synced again, which re-selects the policy and retargets the open clocks
 * (retarget-clock.ts: the time used stays used, the new deadline is stored). Subjects without open
 * clocks are left alone: this is a retarget, not a start. Nothing at all while no live policy has a
 * contact-field condition (most setups), so the usual contact edit costs one read of the policies.
 */
export async function contactFieldsChanged(
  ctx: AppContext,
  links: SlaLinks,
  contactId: string,
  now: Date,
  serial: Serial = async (_key, fn) => void (await fn()),
): Promise<void> {
  if (!needsContactFields(await listPolicies(ctx.db))) return;
  const { conversations, tickets } = await links.subjectsOfContact(ctx.db, contactId);
  const ids = [...conversations.map((c) => c.id), ...tickets.map((t) => t.id)];
  if (!ids.length) return;
  const open = await ctx.db
    .selectDistinct({ subjectType: slaClocks.subjectType, subjectId: slaClocks.subjectId })
    .from(slaClocks)
    .where(and(inArray(slaClocks.subjectId, ids), inArray(slaClocks.status, ["active", "paused"])));
  const has = new Set(open.map((o) => `${o.subjectType}:${o.subjectId}`));
  for (const c of conversations)
    if (has.has(`conversation:${c.id}`)) await serial(c.id, () => syncConversationClocks(ctx, links, c, now));
  for (const t of tickets)
    if (has.has(`ticket:${t.id}`)) await serial(t.id, () => syncTicketClocks(ctx, links, t, now));
}
