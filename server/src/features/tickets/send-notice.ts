import {
  type Conversation,
  type TemplateSend,
  type Ticket,
  type TicketNoticeVariable,
  type TicketStatusNotice,
  ticketStatusSchema,
} from "@switchboard/contracts";
import { and, eq, isNull, like } from "drizzle-orm";
import { z } from "zod";
import type { AppContext } from "../../platform/context";
import { defineJob } from "../../platform/jobs";
import { channelTypeLabel, planAutomatedSend } from "../channels";
import { getConversations, optedOutContacts, recordAutomatedMessage } from "../inbox";
import { announceTicket, finishNotice, insertOutcomeEvent, settleFromMessage } from "./notice-outcome";
import { loadNoticeSettings } from "./notice-settings";
import { getTicket } from "./queries";
import { ticketNotices } from "./schema";

export const noticePayload = z.object({
  ticketId: z.uuid(),
  /** The status change's activity row: with the conversation, the notice's unique key. */
  changeId: z.uuid(),
  from: ticketStatusSchema,
  to: ticketStatusSchema,
});
export type NoticePayload = z.infer<typeof noticePayload>;

const STATUS_WORDS: Record<string, string> = {
  new: "new",
  open: "open",
  pending: "waiting for your reply",
  on_hold: "on hold",
  solved: "solved",
  closed: "closed",
};

/**
 * The variables' values for one ticket and conversation; {{x}} in a text replaced by them. The status
 * is the one this notice is about (the ticket may have moved on since the change was queued).
 */
export function noticeVariables(
  ticket: Ticket,
  status: string,
  conv: Conversation | null,
): Record<TicketNoticeVariable, string> {
  return {
    "ticket.number": String(ticket.number),
    "ticket.subject": ticket.subject,
    "ticket.status": STATUS_WORDS[status] ?? status,
    "contact.name": conv?.contact.name ?? ticket.requester?.name ?? "",
  };
}
export const fillVariables = (text: string, vars: Record<string, string>) =>
  text.replace(/\{\{\s*([^}]*?)\s*\}\}/g, (all, name: string) => vars[name] ?? all);

type Decision = { reason: string } | { reason: null; content: string; template?: TemplateSend };

/** What one conversation gets: the text, the template (WhatsApp outside the window), or nothing and why. */
async function decide(
  ctx: AppContext,
  notice: TicketStatusNotice,
  ticket: Ticket,
  status: string,
  conv: Conversation,
  now: Date,
) {
  const vars = noticeVariables(ticket, status, conv);
  const text = fillVariables(notice.message, vars);
  if (conv.contact.id && (await optedOutContacts(ctx.db, [conv.contact.id])).has(conv.contact.id))
    return { reason: "The customer opted out of messages." } satisfies Decision;
  const t = notice.whatsappTemplate;
  const plan = await planAutomatedSend(
    ctx.db,
    conv,
    {
      template: t
        ? {
            name: t.name,
            language: t.language,
            headerParameters: [],
            bodyParameters: t.bodyVariables.map((v) => vars[v] || "-"),
          }
        : null,
      noTemplateReason:
        "The 24-hour window is closed and no approved template is chosen for this status (Settings → Tickets).",
      badTemplateReason: (m) => `The 24-hour window is closed and the template cannot be sent: ${m}`,
    },
    now,
  );
  if (!plan.send) return { reason: plan.reason } satisfies Decision;
  if (plan.windowClosed && plan.form === "message")
    return { reason: `The reply window on ${channelTypeLabel(conv.channelType)} is closed.` } satisfies Decision;
  return { reason: null, content: plan.templateText ?? text, template: plan.template } satisfies Decision;
}

/** One conversation's notice: its row (unique key), then the message once, then its outcome. */
async function notifyConversation(
  ctx: AppContext,
  p: NoticePayload,
  ticket: Ticket,
  notice: TicketStatusNotice,
  conv: Conversation | null,
  now: Date,
) {
  const key = `${p.changeId}:${conv?.id ?? "none"}`;
  const d: Decision = conv
    ? await decide(ctx, notice, ticket, p.to, conv, now)
    : { reason: "The ticket has no linked conversation." };
  const inserted = await ctx.db.transaction(async (tx) => {
    const [r] = await tx
      .insert(ticketNotices)
      .values({
        key,
        ticketId: ticket.id,
        conversationId: conv?.id ?? null,
        channelType: conv?.channelType ?? null,
        ticketStatus: p.to,
        form: d.reason === null && d.template ? "template" : "text",
        templateName: d.reason === null ? (d.template?.name ?? null) : null,
        status: d.reason === null ? "pending" : "skipped",
        reason: d.reason,
      })
      .onConflictDoNothing()
      .returning();
    if (r?.status === "skipped") await insertOutcomeEvent(tx, r);
    return r;
  });
  if (inserted?.status === "skipped") await announceTicket(ctx, ticket.id);
  const [row] = inserted
    ? [inserted]
    : await ctx.db.select().from(ticketNotices).where(eq(ticketNotices.key, key)).limit(1);
  if (!row || row.status !== "pending" || !conv) return;
  // A retry (the job ran before, or another process has it): the message is written once (its marker).
  if (d.reason !== null) {
    if (!row.messageId) await finishNotice(ctx, row.id, "skipped", d.reason);
    return;
  }
  const { content, template } = d;
  const sent = await recordAutomatedMessage(ctx, {
    conversationId: conv.id,
    marker: { key: "ticketNotice", field: "noticeId", id: row.id },
    content,
    template,
    automated: true,
  });
  if (!sent) {
    await finishNotice(ctx, row.id, "skipped", "The channel is disabled or was removed.");
    return;
  }
  await ctx.db
    .update(ticketNotices)
    .set({ messageId: sent.message.id, updatedAt: new Date() })
    .where(eq(ticketNotices.id, row.id));
  // The widget has it at once; a provider channel's delivery job settles it (notice-listeners.ts).
  await settleFromMessage(ctx, sent.message);
}

/**
 * The customer notice of one status change (issue 10 §1): off unless the team turned that status
 * on; then every linked conversation's customer gets the status text through their channel, or
 * on WhatsApp outside the 24-hour window the chosen approved template, and the ticket's timeline
 * records each outcome. Idempotent: one notice row per (change, conversation), one message per notice.
 */
export async function sendStatusNotice(ctx: AppContext, p: NoticePayload, now = new Date()): Promise<void> {
  if (p.to === "new" || p.from === p.to) return;
  const settings = await loadNoticeSettings(ctx.db);
  const notice = settings[p.to];
  if (!notice.enabled) return;
  const ticket = await getTicket(ctx.db, p.ticketId);
  if (!ticket) return;
  const convs = await getConversations(ctx.db, ticket.conversationIds);
  const linked = ticket.conversationIds.flatMap((id) => (convs.get(id) ? [convs.get(id)!] : []));
  if (!linked.length) return notifyConversation(ctx, p, ticket, notice, null, now);
  for (const conv of linked) await notifyConversation(ctx, p, ticket, notice, conv, now);
}

export const ticketNoticeJob = (ctx: AppContext) =>
  defineJob({
    name: "tickets.notice",
    schema: noticePayload,
    retryLimit: 3,
    retryDelaySeconds: 5,
    expireInSeconds: 120,
    handler: async (p, { lastAttempt }) => {
      try {
        await sendStatusNotice(ctx, p);
      } catch (err) {
        if (lastAttempt) await giveUp(ctx, p, err);
        throw err;
      }
    },
  });

/** The last attempt failed too: notices still pending without a message end skipped, with the error. */
async function giveUp(ctx: AppContext, p: NoticePayload, err: unknown) {
  const rows = await ctx.db
    .select({ id: ticketNotices.id })
    .from(ticketNotices)
    .where(
      and(
        eq(ticketNotices.ticketId, p.ticketId),
        like(ticketNotices.key, `${p.changeId}:%`),
        eq(ticketNotices.status, "pending"),
        isNull(ticketNotices.messageId),
      ),
    );
  const why = err instanceof Error ? err.message.slice(0, 300) : String(err);
  for (const r of rows) await finishNotice(ctx, r.id, "skipped", `The notice could not be sent: ${why}`);
}
