import express, { type Request, type Router } from "express";
import type { AppContext } from "../../platform/context";
import { AppError } from "../../platform/errors";
import type { WebhookRequest } from "./adapter";
import { channelsOfType, loadChannel } from "./configs";
import { receiveWebhook } from "./receive-webhook";
import { getAdapter, registeredChannelTypes } from "./registry";

const toRequest = (req: Request): WebhookRequest => ({
  method: req.method,
  channelId: typeof req.params.channelId === "string" ? req.params.channelId : undefined,
  query: req.query as Record<string, unknown>,
  headers: req.headers,
  rawBody: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
});

/**
 * Public webhook URLs (stable: users paste them into provider consoles). Authenticated by each
 * provider's signature or secret token, not by a session, so they live outside /api.
 */
export function webhookRouter(ctx: AppContext): Router {
  const router = express.Router();
  for (const type of registeredChannelTypes()) {
    const provider = getAdapter(type).provider;
    if (!provider) continue;
    const path = `/webhooks/${provider.webhook.path}`;
    if (provider.webhook.challenge) {
      router.get(path, (req, res, next) => {
        (async () => {
          const r = toRequest(req);
          const candidates = r.channelId
            ? [await loadChannel(ctx, r.channelId)].filter((c) => c !== null)
            : await channelsOfType(ctx, type);
          for (const c of candidates) {
            const answer = provider.webhook.challenge!(r, c);
            if (answer) return void res.status(answer.status).type(answer.contentType).send(answer.body);
          }
          throw new AppError("forbidden", "Verification failed: unknown verify token or challenge");
        })().catch(next);
      });
    }
    router.post(path, express.raw({ type: () => true, limit: "1mb" }), (req, res, next) => {
      receiveWebhook(ctx, type, toRequest(req))
        .then(() => res.status(200).json({ ok: true }))
        .catch(next);
    });
  }
  return router;
}
