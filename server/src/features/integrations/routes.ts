import {
  apiTokenSchema,
  createApiTokenBody,
  createApiTokenResult,
  createWebhookBody,
  idParams,
  updateWebhookBody,
  webhookDeliverySchema,
  webhookEventTypes,
  webhookSubscriptionSchema,
  webhookWithSecretResult,
} from "@switchboard/contracts";
import { z } from "zod";
import type { AppContext } from "../../platform/context";
import { defineRoute } from "../../platform/http/route";
import { recordAudit, requestActor } from "../audit";
import { createApiToken, listApiTokens, revokeApiToken } from "./api-tokens";
import {
  createSubscription,
  deleteSubscription,
  listDeliveries,
  listSubscriptions,
  redeliver,
  rotateSecret,
  sendTest,
  updateSubscription,
} from "./subscriptions";

export function integrationRoutes(ctx: AppContext) {
  const hooks = ["webhooks"];
  return [
    defineRoute({
      method: "get",
      path: "/api/api-tokens",
      guard: "agent",
      summary: "API tokens: an admin sees every token, an agent their own",
      tags: ["api-tokens"],
      response: z.object({ items: z.array(apiTokenSchema) }),
      handler: async ({ user }) => ({ items: await listApiTokens(ctx.db, user) }),
    }),
    defineRoute({
      method: "post",
      path: "/api/api-tokens",
      guard: "agent",
      sessionOnly: true,
      summary: "Create an API token for yourself (the secret is in the answer, once)",
      tags: ["api-tokens"],
      body: createApiTokenBody,
      response: createApiTokenResult,
      status: 201,
      handler: async ({ body, user, req }) =>
        ctx.db.transaction(async (tx) => {
          const r = await createApiToken(tx, user, body);
          await recordAudit(tx, requestActor(req, user), {
            action: "api_token.created",
            summary: `Created API token ${body.name} (${r.token.scopes.join(", ")})`,
            target: { type: "api_token", id: r.token.id },
            details: { scopes: r.token.scopes, expiresAt: r.token.expiresAt, prefix: r.token.prefix },
          });
          return r;
        }),
    }),
    defineRoute({
      method: "delete",
      path: "/api/api-tokens/:id",
      guard: "agent",
      summary: "Revoke an API token (yours; admins: anyone's). It stops working at once.",
      tags: ["api-tokens"],
      params: idParams,
      status: 204,
      handler: async ({ params, user, req }) => {
        await ctx.db.transaction(async (tx) => {
          const t = await revokeApiToken(tx, user, params.id);
          await recordAudit(tx, requestActor(req, user), {
            action: "api_token.revoked",
            summary: `Revoked API token ${t.name}`,
            target: { type: "api_token", id: t.id },
            details: { owner: t.userId, prefix: `sb_${t.prefix}` },
          });
        });
      },
    }),
    defineRoute({
      method: "get",
      path: "/api/webhook-event-types",
      guard: "admin",
      summary: "Event types an outgoing webhook can subscribe to",
      tags: hooks,
      response: z.object({ items: z.array(z.string()) }),
      handler: () => ({ items: [...webhookEventTypes] }),
    }),
    defineRoute({
      method: "get",
      path: "/api/webhooks",
      guard: "admin",
      summary: "Outgoing webhook subscriptions",
      tags: hooks,
      response: z.object({ items: z.array(webhookSubscriptionSchema) }),
      handler: async () => ({ items: await listSubscriptions(ctx) }),
    }),
    defineRoute({
      method: "post",
      path: "/api/webhooks",
      guard: "admin",
      summary: "Create an outgoing webhook; the answer carries its signing secret, once",
      tags: hooks,
      body: createWebhookBody,
      response: webhookWithSecretResult,
      status: 201,
      handler: ({ body, user, req }) => createSubscription(ctx, requestActor(req, user), body),
    }),
    defineRoute({
      method: "patch",
      path: "/api/webhooks/:id",
      guard: "admin",
      summary: "Change an outgoing webhook (name, URL, events, on/off)",
      tags: hooks,
      params: idParams,
      body: updateWebhookBody,
      response: z.object({ subscription: webhookSubscriptionSchema }),
      handler: async ({ params, body, user, req }) => ({
        subscription: await updateSubscription(ctx, requestActor(req, user), params.id, body),
      }),
    }),
    defineRoute({
      method: "delete",
      path: "/api/webhooks/:id",
      guard: "admin",
      summary: "Delete an outgoing webhook and its delivery log",
      tags: hooks,
      params: idParams,
      status: 204,
      handler: ({ params, user, req }) => deleteSubscription(ctx, requestActor(req, user), params.id),
    }),
    defineRoute({
      method: "post",
      path: "/api/webhooks/:id/rotate-secret",
      guard: "admin",
      summary: "Replace the signing secret (the new one is shown once; the old one stops at once)",
      tags: hooks,
      params: idParams,
      response: webhookWithSecretResult,
      handler: ({ params, user, req }) => rotateSecret(ctx, requestActor(req, user), params.id),
    }),
    defineRoute({
      method: "post",
      path: "/api/webhooks/:id/test",
      guard: "admin",
      summary: "Send a webhook.test event now",
      tags: hooks,
      params: idParams,
      response: z.object({ delivery: webhookDeliverySchema }),
      status: 201,
      handler: async ({ params, user }) => ({
        delivery: await sendTest(ctx, params.id, { id: user.id, name: user.name }),
      }),
    }),
    defineRoute({
      method: "get",
      path: "/api/webhooks/:id/deliveries",
      guard: "admin",
      summary: "The delivery log of a webhook, newest first (kept WEBHOOK_LOG_DAYS days)",
      tags: hooks,
      params: idParams,
      query: z.object({
        state: z.enum(["pending", "succeeded", "failed"]).optional(),
        limit: z.coerce.number().int().min(1).max(200).default(50),
      }),
      response: z.object({ items: z.array(webhookDeliverySchema) }),
      handler: async ({ params, query }) => ({ items: await listDeliveries(ctx, params.id, query) }),
    }),
    defineRoute({
      method: "post",
      path: "/api/webhook-deliveries/:id/redeliver",
      guard: "admin",
      summary: "Send a delivery's event again (same body and event id) as a new delivery",
      tags: hooks,
      params: idParams,
      response: z.object({ delivery: webhookDeliverySchema }),
      status: 201,
      handler: async ({ params }) => ({ delivery: await redeliver(ctx, params.id) }),
    }),
  ];
}
