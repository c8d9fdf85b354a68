import { and, eq, or, type SQL, sql } from "drizzle-orm";
import type { AppContext } from "../../../platform/context";
import type { NormalizedEvent } from "../adapter";
import { channels, messageTemplates } from "../schema";
import { announceTemplate } from "./events";

type StatusEvent = Extract<NormalizedEvent, { kind: "template_status" }>;
type QualityEvent = Extract<NormalizedEvent, { kind: "template_quality" }>;

// Webhook events that name a transition rather than a status.
const EVENT_STATUS: Record<string, string> = { REINSTATED: "APPROVED", UNARCHIVED: "APPROVED" };

/**
 * The template on every number of the business account: Meta sends a template webhook once per
 * WABA, and the receiver stores it for one channel, but each number keeps its own copy of the list.
 * Meta's template id when the webhook has it (a name can be reused after a delete), else name + language.
 */
function which(channelId: string, e: { externalId?: string; name: string; language: string }): SQL {
  const byName = and(eq(messageTemplates.name, e.name), eq(messageTemplates.language, e.language));
  const sameAccount = sql`${messageTemplates.channelId} in (
    select c.id from ${channels} c
    where c.type = 'whatsapp' and c.deleted_at is null
      and c.settings->>'wabaId' = (select o.settings->>'wabaId' from ${channels} o where o.id = ${channelId}))`;
  return and(
    or(eq(messageTemplates.channelId, channelId), sameAccount),
    e.externalId ? or(eq(messageTemplates.externalId, e.externalId), byName) : byName,
  ) as SQL;
}

/**
 * `message_template_status_update`: one conditional UPDATE, so a redelivered or repeated webhook
 * changes nothing and announces nothing. A template we do not know (made in WhatsApp Manager) is
 * left to the next sync: the webhook has no components to store.
 */
export async function applyTemplateStatus(ctx: AppContext, channelId: string, e: StatusEvent): Promise<void> {
  const raw = e.status.toUpperCase();
  if (!raw) return;
  const status = EVENT_STATUS[raw] ?? raw;
  const reason = status === "APPROVED" ? null : (e.reason ?? null);
  const rows = await ctx.db
    .update(messageTemplates)
    .set({ status, rejectedReason: reason, updatedAt: new Date(), syncedAt: new Date() })
    .where(
      and(
        which(channelId, e),
        sql`(${messageTemplates.status} is distinct from ${status} or ${messageTemplates.rejectedReason} is distinct from ${reason})`,
      ),
    )
    .returning();
  for (const row of rows) announceTemplate(ctx, row);
}

/** `message_template_quality_update`: GREEN / YELLOW / RED / UNKNOWN, idempotent like the status. */
export async function applyTemplateQuality(ctx: AppContext, channelId: string, e: QualityEvent): Promise<void> {
  const quality = e.quality.toUpperCase();
  const rows = await ctx.db
    .update(messageTemplates)
    .set({ qualityScore: quality, updatedAt: new Date(), syncedAt: new Date() })
    .where(and(which(channelId, e), sql`${messageTemplates.qualityScore} is distinct from ${quality}`))
    .returning();
  for (const row of rows) announceTemplate(ctx, row);
}
