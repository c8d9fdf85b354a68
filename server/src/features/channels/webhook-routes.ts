import express, { type NextFunction, type Request, type Response, type Router } from "express";
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
    router.post(
      path,
      express.raw({ type: () => true, limit: "1mb" }),
      bodyErrors,
      (req: Request, res: Response, next: NextFunction) => {
        receiveWebhook(ctx, type, toRequest(req))
          .then(() => res.status(200).json({ ok: true }))
          .catch(next);
      },
    );
  }
  return router;
}

/**
 * A provider reads our answer as "retry" or "give up": a body we cannot read is 413 when too large
 * and 400 otherwise (an unknown Content-Encoding would be a 415 elsewhere), never a 5xx.
 */
function bodyErrors(err: unknown, _req: Request, _res: Response, next: NextFunction) {
  const t = (err ?? {}) as { type?: string; status?: number };
  if (t.type === "entity.too.large") return next(new AppError("payload_too_large", "The webhook body is too large"));
  if (typeof t.status === "number" && t.status >= 400 && t.status < 500)
    return next(new AppError("bad_request", "The webhook body could not be read"));
  next(err);
}
