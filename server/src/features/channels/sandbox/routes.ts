import type { ChannelType } from "@switchboard/contracts";
import express, { type Router } from "express";
import { z } from "zod";
import type { AppContext } from "../../../platform/context";
import { AppError, notFound } from "../../../platform/errors";
import { defineRoute } from "../../../platform/http/route";
import { getContact } from "../../inbox";
import { channelsOfType, loadChannel, type LoadedChannel } from "../configs";
import { findChannel, listChannels, openSecrets } from "../queries";
import { getAdapter } from "../registry";
import { fakeFactories } from "./fakes";
import type { FakeAccount, ProviderFake } from "./types";

const phoneMessage = z.object({
  id: z.string(),
  from: z.enum(["customer", "business"]),
  text: z.string(),
  status: z.enum(["sent", "delivered", "read", "failed"]),
  at: z.string(),
  buttons: z.array(z.object({ id: z.string(), title: z.string() })).optional(),
  tapAnswer: z.string().optional(),
});

function accountOf(ctx: AppContext, c: LoadedChannel): FakeAccount {
  const provider = getAdapter(c.type).provider!;
  return {
    accountId: provider.accountId(c.settings as never),
    secrets: c.secrets,
    settings: c.settings as Record<string, unknown>,
    webhookUrl: `${ctx.internalUrl()}/webhooks/${provider.webhook.path.replace(":channelId", c.id)}`,
  };
}

/**
 * The sandbox: built-in fakes of every provider, mounted on our own server, for channels created
 * with `sandbox: true`. Messages travel through the real webhook endpoints, signatures and adapters;
 * only the far end is simulated. Off in production unless SANDBOX=1.
 */
export function createSandbox(ctx: AppContext) {
  const fakes = new Map<ChannelType, ProviderFake>();
  const router: Router = express.Router();
  for (const [type, make] of Object.entries(fakeFactories) as [
    ChannelType,
    NonNullable<(typeof fakeFactories)[ChannelType]>,
  ][]) {
    const fake = make(async () =>
      (await channelsOfType(ctx, type)).filter((c) => c.row.sandbox).map((c) => accountOf(ctx, c)),
    );
    fakes.set(type, fake);
    if (ctx.config.sandbox) router.use(`/sandbox/${type}`, fake.router);
  }

  const sandboxChannel = async (id: string) => {
    if (!ctx.config.sandbox) throw new AppError("forbidden", "The sandbox is turned off on this server");
    const c = await loadChannel(ctx, id);
    if (!c) {
      const row = await findChannel(ctx.db, id);
      if (row?.sandbox && openSecrets(ctx.secrets, row).unreadable)
        throw new AppError(
          "channel_unavailable",
          "This sandbox channel's credentials are unreadable: enter them again",
        );
    }
    if (!c || !c.row.sandbox) throw notFound("Sandbox channel");
    return { channel: c, fake: fakes.get(c.type)!, account: accountOf(ctx, c) };
  };
  const customer = z.object({
    customerId: z
      .string()
      .trim()
      .min(1)
      .max(64)
      .regex(/^[\w.+-]+$/),
    customerName: z.string().trim().min(1).max(80).default("Sandbox customer"),
  });

  // The phone is the customer's view: their own messages show ✓ when sent, ✓✓ once the business's
  // side received them (our webhook answered 2xx) and read once an agent opened the conversation.
  // Telegram shows a bot's users nothing of the kind, so there they stay at one tick.
  const showsReceipts = (type: ChannelType) => type !== "telegram";
  ctx.bus.onEveryProcess("message.updated", async ({ message, conversation }) => {
    if (message.direction !== "inbound" || message.status !== "read") return;
    const fake = fakes.get(conversation.channelType);
    if (!fake || !showsReceipts(conversation.channelType) || !ctx.config.sandbox) return;
    const c = await loadChannel(ctx, conversation.channelId);
    if (!c?.row.sandbox) return;
    const contact = await getContact(ctx.db, conversation.contact.id, false);
    const customerId = contact?.identities.find((i) => i.channelId === c.id)?.externalId;
    if (!customerId) return;
    for (const m of fake.thread(accountOf(ctx, c), customerId))
      if (m.from === "customer" && m.status === "delivered" && new Date(m.at) <= new Date(message.createdAt))
        m.status = "read";
  });

  const routes = [
    defineRoute({
      method: "get",
      path: "/api/sandbox",
      guard: "agent",
      summary: "Whether the sandbox is on, and its channels",
      tags: ["sandbox"],
      response: z.object({
        enabled: z.boolean(),
        channels: z.array(
          z.object({
            id: z.uuid(),
            type: z.string(),
            name: z.string(),
            credentialsUnreadable: z
              .boolean()
              .describe("No configured key opens its credentials: listed (to be fixed), not usable until then"),
          }),
        ),
      }),
      handler: async () => {
        if (!ctx.config.sandbox) return { enabled: false, channels: [] };
        // From the rows, not the loaded configs: those leave out channels whose credentials no key
        // opens, and the picker hid them, so the admin never learnt they needed fixing.
        const rows = (await listChannels(ctx.db)).filter((r) => r.sandbox && fakes.has(r.type));
        return {
          enabled: true,
          channels: rows.map((r) => ({
            id: r.id,
            type: r.type,
            name: r.name,
            credentialsUnreadable: openSecrets(ctx.secrets, r).unreadable,
          })),
        };
      },
    }),
    defineRoute({
      method: "get",
      path: "/api/sandbox/:channelId/thread",
      guard: "agent",
      summary: "What the sandbox customer's phone shows",
      tags: ["sandbox"],
      params: z.object({ channelId: z.uuid() }),
      query: customer.pick({ customerId: true }),
      response: z.object({ items: z.array(phoneMessage) }),
      handler: async ({ params, query }) => {
        const { fake, account } = await sandboxChannel(params.channelId);
        return { items: fake.thread(account, query.customerId).map(({ attachments: _a, ...m }) => m) };
      },
    }),
    defineRoute({
      method: "post",
      path: "/api/sandbox/:channelId/messages",
      guard: "agent",
      summary: "Play the customer: send a message from the fake provider through the real webhook",
      tags: ["sandbox"],
      params: z.object({ channelId: z.uuid() }),
      body: customer.extend({ text: z.string().trim().min(1).max(4000) }),
      status: 201,
      response: z.object({ externalId: z.string(), webhookStatus: z.number() }),
      handler: async ({ params, body }) => {
        const { channel, fake, account } = await sandboxChannel(params.channelId);
        const r = await fake.customerSays(account, { id: body.customerId, name: body.customerName }, body.text);
        const mine = fake.thread(account, body.customerId).find((m) => m.id === r.externalId);
        if (mine && r.status >= 200 && r.status < 300 && showsReceipts(channel.type)) mine.status = "delivered";
        else if (mine && (r.status < 200 || r.status >= 300)) mine.status = "failed";
        return { externalId: r.externalId, webhookStatus: r.status };
      },
    }),
    defineRoute({
      method: "post",
      path: "/api/sandbox/:channelId/read",
      guard: "agent",
      summary: "Play the customer opening the chat: read receipts go back through the webhook",
      tags: ["sandbox"],
      params: z.object({ channelId: z.uuid() }),
      body: customer.pick({ customerId: true }),
      status: 204,
      handler: async ({ params, body }) => {
        const { fake, account } = await sandboxChannel(params.channelId);
        await fake.markRead(account, body.customerId);
      },
    }),
    defineRoute({
      method: "post",
      path: "/api/sandbox/:channelId/tap",
      guard: "agent",
      summary:
        "Play the customer tapping a button under a business message (WhatsApp reply button, Telegram inline keyboard)",
      tags: ["sandbox"],
      params: z.object({ channelId: z.uuid() }),
      body: customer.pick({ customerId: true }).extend({ buttonId: z.string().min(1).max(256) }),
      response: z.object({ webhookStatus: z.number() }),
      handler: async ({ params, body }) => {
        const { fake, account } = await sandboxChannel(params.channelId);
        const shown = fake.thread(account, body.customerId).some((m) => m.buttons?.some((b) => b.id === body.buttonId));
        if (!fake.tapButton || !shown) throw notFound("Button");
        return { webhookStatus: await fake.tapButton(account, body.customerId, body.buttonId) };
      },
    }),
  ];
  return { router, routes, fakes };
}
