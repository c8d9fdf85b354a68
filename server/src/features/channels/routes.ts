import {
  channelSchema,
  channelTestResult,
  channelTypeCapabilitiesSchema,
  channelWithSecretSchema,
  createChannelBody,
  idParams,
  messageSchema,
  templateSchema,
  updateChannelBody,
  webhookEventSchema,
} from "@switchboard/contracts";
import { and, desc, eq } from "drizzle-orm";
import { z } from "zod";
import type { AppContext } from "../../platform/context";
import { AppError, fromZod, notFound } from "../../platform/errors";
import { defineRoute } from "../../platform/http/route";
import { recordAudit, requestActor } from "../audit";
import { requireVisibleMessage } from "../inbox";
import { invalidateChannels, loadChannel, recordChannelHealth } from "./configs";
import { connectChannel } from "./connect-channel";
import { ProviderError } from "./provider-http";
import { findChannel, listChannels, openSecrets, toChannel } from "./queries";
import { capabilitiesOf, getAdapter, registeredChannelTypes } from "./registry";
import { retryDelivery } from "./retry-delivery";
import { channels, webhookEvents } from "./schema";
import { replayEvent } from "./sweep";
import { listTemplates } from "./templates/list";
import { syncTemplates } from "./templates/sync";

export function channelRoutes(ctx: AppContext) {
  const tags = ["channels"];
  const show = (row: Parameters<typeof toChannel>[1]) =>
    toChannel(ctx.secrets, row, ctx.publicUrl(), ctx.config.maxUploadBytes);
  const channelOr404 = async (id: string) => (await findChannel(ctx.db, id)) ?? Promise.reject(notFound("Channel"));
  return [
    defineRoute({
      method: "get",
      path: "/api/channel-capabilities",
      guard: "agent",
      summary:
        "What each channel type can send (text length, file types and sizes, templates, window…), for the composer",
      tags,
      response: channelTypeCapabilitiesSchema,
      handler: async () => ({
        items: registeredChannelTypes().map((type) => ({
          type,
          label: getAdapter(type).label,
          capabilities: capabilitiesOf(type, ctx.config.maxUploadBytes),
        })),
      }),
    }),
    defineRoute({
      method: "get",
      path: "/api/channels",
      guard: "admin",
      summary: "All channels (credentials masked)",
      tags,
      response: z.object({ items: z.array(channelSchema) }),
      handler: async () => ({ items: (await listChannels(ctx.db)).map(show) }),
    }),
    defineRoute({
      method: "post",
      path: "/api/channels",
      guard: "admin",
      summary: "Connect a channel (or a sandbox channel backed by the built-in fake provider)",
      tags,
      body: createChannelBody,
      response: channelWithSecretSchema,
      status: 201,
      handler: async ({ body, user, req }) => {
        const { row, revealed } = await connectChannel(ctx, body);
        // After the insert rather than in its transaction: connecting talks to the provider first,
        // and no transaction is held open across that call. Secret values are never recorded.
        await recordAudit(ctx.db, requestActor(req, user), {
          action: "channel.created",
          summary: `Connected ${row.type} channel ${row.name}${row.sandbox ? " (sandbox)" : ""}`,
          target: { type: "channel", id: row.id },
          details: {
            type: row.type,
            sandbox: row.sandbox,
            credentials: "secrets" in body && body.secrets ? Object.keys(body.secrets) : [],
          },
        });
        return { channel: show(row), revealedSecrets: revealed };
      },
    }),
    defineRoute({
      method: "get",
      path: "/api/channels/:id",
      guard: "admin",
      summary: "One channel (credentials masked)",
      tags,
      params: idParams,
      response: channelSchema,
      handler: async ({ params }) => show(await channelOr404(params.id)),
    }),
    defineRoute({
      method: "patch",
      path: "/api/channels/:id",
      guard: "admin",
      summary: "Rename, enable/disable, change settings, replace credentials or rotate the generated secret",
      tags,
      params: idParams,
      body: updateChannelBody,
      response: channelWithSecretSchema,
      handler: async ({ params, body, user, req }) => {
        const row = await channelOr404(params.id);
        const adapter = getAdapter(row.type);
        const merged = adapter.settingsSchema.safeParse({ ...row.settings, ...(body.settings ?? {}) });
        if (!merged.success) throw fromZod(merged.error, "settings");
        const current = openSecrets(ctx.secrets, row);
        let secrets = current.secrets;
        if (body.secrets && Object.keys(body.secrets).length) {
          if (!adapter.secretsSchema)
            throw new AppError("validation_failed", "This channel has no credentials to replace", {
              fieldErrors: { secrets: ["Not supported"] },
              formErrors: [],
            });
          const next = adapter.secretsSchema.safeParse({ ...secrets, ...body.secrets });
          if (!next.success) throw fromZod(next.error, "secrets");
          secrets = { ...secrets, ...next.data };
        }
        const rotated = body.rotateSecret ? adapter.generateSecrets() : null;
        if (rotated) secrets = { ...secrets, ...rotated };
        let settings = merged.data;
        // New credentials or a rotated secret must reach the provider too (Telegram's setWebhook
        // carries the secret token): run the set-up again, and save nothing if the provider refuses.
        if (
          adapter.provider?.connect &&
          !row.sandbox &&
          (body.rotateSecret || (body.secrets && Object.keys(body.secrets).length))
        ) {
          const apiBase = (ctx.config.providerUrls as Record<string, string>)[row.type] ?? "";
          const webhookUrl = `${ctx.publicUrl()}/webhooks/${adapter.provider.webhook.path.replace(":channelId", row.id)}`;
          try {
            settings = {
              ...settings,
              ...(await adapter.provider.connect(
                { id: row.id, type: row.type, name: row.name, settings, secrets, apiBase } as never,
                webhookUrl,
              )),
            };
          } catch (err) {
            if (!(err instanceof ProviderError)) throw err;
            const cls = adapter.provider.classifyError(err);
            throw new AppError("provider_rejected", `${adapter.label} refused the new credentials: ${cls.message}`, {
              providerCode: cls.code,
            });
          }
        }
        const accountId = adapter.provider?.accountId(settings as never) || null;
        const credentialsChanged = Object.keys(body.secrets ?? {});
        const [updated] = await ctx.db.transaction(async (tx) => {
          await auditChannelChange(tx, requestActor(req, user), row, body, credentialsChanged);
          return tx
            .update(channels)
            .set({
              ...(body.name ? { name: body.name } : {}),
              ...(body.enabled === undefined ? {} : { enabled: body.enabled }),
              settings,
              // Unreadable credentials stay as they are until new ones are entered: listing the old key
              // in SECRET_KEYS later must still be able to recover them.
              ...(current.unreadable && !rotated && !(body.secrets && Object.keys(body.secrets).length)
                ? {}
                : { secretsSealed: ctx.secrets.sealJson(secrets) }),
              externalAccountId: accountId,
              ...(body.secrets ? { needsReauth: false } : {}),
              updatedAt: new Date(),
            })
            .where(eq(channels.id, row.id))
            .returning();
        });
        invalidateChannels(ctx);
        return { channel: show(updated!), revealedSecrets: row.type === "webchat" ? rotated : null };
      },
    }),
    defineRoute({
      method: "delete",
      path: "/api/channels/:id",
      guard: "admin",
      summary: "Remove a channel; its conversations stay readable",
      tags,
      params: idParams,
      status: 204,
      handler: async ({ params, user, req }) => {
        const row = await channelOr404(params.id);
        await ctx.db.transaction(async (tx) => {
          await tx
            .update(channels)
            .set({ deletedAt: new Date(), enabled: false, externalAccountId: null })
            .where(eq(channels.id, row.id));
          await recordAudit(tx, requestActor(req, user), {
            action: "channel.deleted",
            summary: `Removed ${row.type} channel ${row.name}`,
            target: { type: "channel", id: row.id },
          });
        });
        invalidateChannels(ctx);
      },
    }),
    defineRoute({
      method: "post",
      path: "/api/channels/:id/test",
      guard: "admin",
      summary: "Make a cheap authenticated call to the provider",
      tags,
      params: idParams,
      response: channelTestResult,
      handler: async ({ params }) => {
        await channelOr404(params.id);
        const channel = await loadChannel(ctx, params.id);
        const provider = channel && getAdapter(channel.type).provider;
        if (!channel || !provider) return { ok: true, message: "The website channel needs no provider." };
        try {
          const message = await provider.test(channel);
          await recordChannelHealth(ctx, channel.id, { reauth: false });
          return { ok: true, message };
        } catch (err) {
          if (!(err instanceof ProviderError)) throw err;
          const cls = provider.classifyError(err);
          await recordChannelHealth(ctx, channel.id, { error: cls.message, ...(cls.reauth ? { reauth: true } : {}) });
          return { ok: false, message: cls.message };
        }
      },
    }),
    defineRoute({
      method: "get",
      path: "/api/channels/:id/events",
      guard: "admin",
      summary: "Recent webhook events of the channel with their processing result",
      tags,
      params: idParams,
      query: z.object({
        status: z.enum(["pending", "processed", "failed"]).optional(),
        limit: z.coerce.number().int().min(1).max(200).default(50),
      }),
      response: z.object({ items: z.array(webhookEventSchema) }),
      handler: async ({ params, query }) => {
        await channelOr404(params.id);
        const rows = await ctx.db
          .select()
          .from(webhookEvents)
          .where(
            and(
              eq(webhookEvents.channelId, params.id),
              query.status ? eq(webhookEvents.status, query.status) : undefined,
            ),
          )
          .orderBy(desc(webhookEvents.receivedAt))
          .limit(query.limit);
        return {
          items: rows.map((r) => ({
            id: r.id,
            status: r.status,
            summary: r.summary,
            error: r.error,
            attempts: r.attempts,
            receivedAt: r.receivedAt.toISOString(),
            processedAt: r.processedAt?.toISOString() ?? null,
          })),
        };
      },
    }),
    defineRoute({
      method: "post",
      path: "/api/channels/:id/events/:eventId/replay",
      guard: "admin",
      summary: "Process a stored webhook event again (idempotent: nothing is duplicated)",
      tags,
      params: z.object({ id: z.uuid(), eventId: z.uuid() }),
      status: 204,
      handler: async ({ params }) => {
        const [e] = await ctx.db
          .select({ id: webhookEvents.id })
          .from(webhookEvents)
          .where(and(eq(webhookEvents.id, params.eventId), eq(webhookEvents.channelId, params.id)))
          .limit(1);
        if (!e || !(await replayEvent(ctx, e.id))) throw notFound("Event");
      },
    }),
    defineRoute({
      method: "get",
      path: "/api/channels/:id/templates",
      guard: "agent",
      summary: "WhatsApp message templates of the channel (synced from the Business Account)",
      tags,
      params: idParams,
      response: z.object({ items: z.array(templateSchema) }),
      handler: async ({ params }) => {
        await channelOr404(params.id);
        return { items: await listTemplates(ctx.db, params.id) };
      },
    }),
    defineRoute({
      method: "post",
      path: "/api/channels/:id/templates/sync",
      guard: "admin",
      summary: "Pull the templates from the WhatsApp Business Account now",
      tags,
      params: idParams,
      response: z.object({ items: z.array(templateSchema) }),
      handler: async ({ params }) => {
        await channelOr404(params.id);
        try {
          await syncTemplates(ctx, params.id);
        } catch (err) {
          if (!(err instanceof ProviderError)) throw err;
          throw new AppError("provider_unavailable", `Could not sync templates: ${err.message}`);
        }
        return { items: await listTemplates(ctx.db, params.id) };
      },
    }),
    defineRoute({
      method: "post",
      path: "/api/messages/:id/retry",
      guard: "agent",
      summary: "Send a failed message again",
      tags: ["conversations"],
      params: idParams,
      response: messageSchema,
      handler: async ({ params, user }) => {
        await requireVisibleMessage(ctx.db, user, params.id);
        return retryDelivery(ctx, params.id);
      },
    }),
  ];
}

/** Names what changed, never a value: credentials and the generated secret are recorded as "changed". */
async function auditChannelChange(
  tx: AppContext["db"],
  actor: ReturnType<typeof requestActor>,
  row: { id: string; name: string; type: string; enabled: boolean },
  body: { name?: string; enabled?: boolean; settings?: Record<string, unknown>; rotateSecret?: boolean },
  credentialsChanged: string[],
) {
  const target = { type: "channel", id: row.id };
  if (credentialsChanged.length || body.rotateSecret)
    await recordAudit(tx, actor, {
      action: "channel.credentials_changed",
      summary: `${body.rotateSecret ? "Rotated the secret" : "Replaced credentials"} of channel ${row.name}`,
      target,
      details: { fields: credentialsChanged, rotatedSecret: body.rotateSecret === true },
    });
  const changed: Record<string, unknown> = {};
  if (body.name !== undefined && body.name !== row.name) changed.name = { from: row.name, to: body.name };
  if (body.enabled !== undefined && body.enabled !== row.enabled)
    changed.enabled = { from: row.enabled, to: body.enabled };
  if (body.settings && Object.keys(body.settings).length) changed.settings = Object.keys(body.settings);
  if (Object.keys(changed).length)
    await recordAudit(tx, actor, {
      action: "channel.updated",
      summary: `Changed channel ${row.name} (${Object.keys(changed).join(", ")})`,
      target,
      details: changed,
    });
}
