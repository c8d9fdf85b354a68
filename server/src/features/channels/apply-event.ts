import { portfolioOf, recordPortfolioLimit } from "./whatsapp/portfolio-limit";
import type { AppContext } from "../../platform/context";
import {
  applyParkedStatuses,
  editInbound,
  ingestInbound,
  markReadByCustomer,
  recordOutboundEcho,
  updateDeliveryStatus,
  upsertContactIdentity,
  announceContact,
} from "../inbox";
import type { NormalizedEvent } from "./adapter";
import type { LoadedChannel } from "./configs";
import { queueMediaFetch } from "./job-definitions";
import { claimOwnSend } from "./reconcile-send";
import { applyResolutionTap } from "./resolution-tap";
import { claimSurveyAnswers } from "./survey-answers";
import { applySurveyTap } from "./survey-tap";
import { getAdapter } from "./registry";
import { applyTemplateQuality, applyTemplateStatus } from "./templates/apply-status";

/** Applies one normalized event to the inbox. Idempotent: applying it twice changes nothing more. */
export async function applyEvent(ctx: AppContext, channel: LoadedChannel, e: NormalizedEvent): Promise<void> {
  // Our own sends first: echoes/statuses of our parts, and the evidence that settles an in-doubt send.
  if (await claimOwnSend(ctx, channel.id, e)) return;
  switch (e.kind) {
    case "message": {
      if (!e.externalId || !e.from.externalId) return;
      // A rating (or its comment) answering an open CSAT survey is recorded there, not in the inbox.
      if ((await claimSurveyAnswers(ctx, { id: channel.id, type: channel.type }, [e])).size) return;
      const who = await upsertContactIdentity(ctx.db, {
        channelId: channel.id,
        externalId: e.from.externalId,
        profile: { name: e.from.name ?? e.from.username ?? null, phone: e.from.phone ?? null },
        providerProfile: true,
      });
      if (who.created) await announceContact(ctx, who.contactId, "created");
      const { message, duplicate } = await ingestInbound(ctx, {
        channelId: channel.id,
        contactId: who.contactId,
        identityId: who.identityId,
        content: e.text,
        externalId: e.externalId,
        senderName: e.from.name ?? e.from.username ?? null,
        kind: e.messageKind,
        metadata: {
          ...e.metadata,
          providerTimestamp: e.timestamp.toISOString(),
          ...(e.media.length ? { pendingMedia: e.media.length } : {}),
        },
      });
      if (!duplicate) {
        for (const ref of e.media) await queueMediaFetch(ctx, { messageId: message.id, channelId: channel.id, ref });
      }
      return;
    }
    case "status": {
      // A status for an id we do not know is parked, never retried: it must not hold back the
      // customer's later events (see update-delivery-status.ts).
      await updateDeliveryStatus(ctx, {
        channelId: channel.id,
        externalId: e.externalId,
        status: e.status,
        error: e.error,
      });
      return;
    }
    case "echo": {
      if (!e.externalId || !e.to.externalId) return;
      const who = await upsertContactIdentity(ctx.db, {
        channelId: channel.id,
        externalId: e.to.externalId,
        profile: { name: e.to.name ?? e.to.username ?? null },
        providerProfile: true,
      });
      const echo = await recordOutboundEcho(ctx, {
        channelId: channel.id,
        contactId: who.contactId,
        identityId: who.identityId,
        externalId: e.externalId,
        text: e.text,
        appName: `${getAdapter(channel.type).label} app`,
        mediaCount: e.media.length,
      });
      // A photo sent from the provider's app is fetched like an inbound one, onto the echoed message.
      if (echo.result === "recorded")
        for (const ref of e.media)
          await queueMediaFetch(ctx, { messageId: echo.messageId, channelId: channel.id, ref });
      if (echo.result === "matched" || echo.result === "recorded")
        await applyParkedStatuses(ctx, channel.id, e.externalId);
      return;
    }
    case "read": {
      const who = await upsertContactIdentity(ctx.db, { channelId: channel.id, externalId: e.customerExternalId });
      await markReadByCustomer(ctx, { identityId: who.identityId, upTo: e.upTo });
      return;
    }
    case "edit":
      await editInbound(ctx, { channelId: channel.id, externalId: e.externalId, text: e.text });
      return;
    case "delete":
      await editInbound(ctx, { channelId: channel.id, externalId: e.externalId, deleted: true });
      return;
    case "template_status":
      await applyTemplateStatus(ctx, channel.id, e);
      return;
    case "template_quality":
      await applyTemplateQuality(ctx, channel.id, e);
      return;
    case "portfolio_limit":
      // Stored durably under the WABA's portfolio (its owner business: the webhook names only the
      // WABA): every dispatcher of the portfolio, on any of its WABAs, reads it before its next batch.
      if (channel.type === "whatsapp")
        await recordPortfolioLimit(ctx.db, await portfolioOf(ctx.db, String(channel.settings.wabaId)), e, "webhook");
      return;
    case "resolution_tap":
      await applyResolutionTap(ctx, channel, e);
      return;
    case "survey_tap":
      await applySurveyTap(ctx, channel, e);
      return;
    case "ignored":
      return;
  }
}
