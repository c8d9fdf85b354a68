// Integrations: API tokens (how integrators authenticate) and outgoing webhooks (how they hear
// about changes). Owns api_tokens, webhook_subscriptions and webhook_deliveries.
export { readApiToken } from "./api-tokens";
export { deliverWebhookJob } from "./deliver-webhook";
export { integrationRoutes } from "./routes";
export { purgeOldDeliveries } from "./subscriptions";
export { dispatchWebhookEvent, registerWebhookListeners, webhookEventSources } from "./webhook-events";
