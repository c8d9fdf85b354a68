import {
  channelSchema,
  channelWithSecretSchema,
  createChannelBody,
  idParams,
  updateChannelBody,
} from "@switchboard/contracts";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { AppContext } from "../../platform/context";
import { fromZod, notFound } from "../../platform/errors";
import { defineRoute } from "../../platform/http/route";
import { channelSecrets, findChannel, listChannels, toChannel } from "./queries";
import { getAdapter } from "./registry";
import { channels } from "./schema";

export function channelRoutes(ctx: AppContext) {
  const tags = ["channels"];
  const show = (row: Parameters<typeof toChannel>[1]) => toChannel(ctx.secrets, row, ctx.publicUrl());
  return [
    defineRoute({
      method: "get",
      path: "/api/channels",
      guard: "admin",
      summary: "All channels (secrets masked)",
      tags,
      response: z.object({ items: z.array(channelSchema) }),
      handler: async () => ({ items: (await listChannels(ctx.db)).map(show) }),
    }),
    defineRoute({
      method: "post",
      path: "/api/channels",
      guard: "admin",
      summary: "Connect a channel; generated secrets are revealed once in the answer",
      tags,
      body: createChannelBody,
      response: channelWithSecretSchema,
      status: 201,
      handler: async ({ body }) => {
        const adapter = getAdapter(body.type);
        const settings = adapter.settingsSchema.parse(body.settings ?? {});
        const secrets = adapter.generateSecrets();
        const [row] = await ctx.db
          .insert(channels)
          .values({ type: body.type, name: body.name, settings, secretsSealed: ctx.secrets.sealJson(secrets) })
          .returning();
        return { channel: show(row!), revealedSecrets: secrets };
      },
    }),
    defineRoute({
      method: "get",
      path: "/api/channels/:id",
      guard: "admin",
      summary: "One channel (secrets masked)",
      tags,
      params: idParams,
      response: channelSchema,
      handler: async ({ params }) =>
        show((await findChannel(ctx.db, params.id)) ?? (await Promise.reject(notFound("Channel")))),
    }),
    defineRoute({
      method: "patch",
      path: "/api/channels/:id",
      guard: "admin",
      summary: "Rename, enable/disable, change settings or rotate the secret",
      tags,
      params: idParams,
      body: updateChannelBody,
      response: channelWithSecretSchema,
      handler: async ({ params, body }) => {
        const row = await findChannel(ctx.db, params.id);
        if (!row) throw notFound("Channel");
        const adapter = getAdapter(row.type);
        const merged = adapter.settingsSchema.safeParse({ ...row.settings, ...(body.settings ?? {}) });
        if (!merged.success) throw fromZod(merged.error, "settings");
        const rotated = body.rotateSecret ? adapter.generateSecrets() : null;
        const [updated] = await ctx.db
          .update(channels)
          .set({
            ...(body.name ? { name: body.name } : {}),
            ...(body.enabled === undefined ? {} : { enabled: body.enabled }),
            settings: merged.data,
            ...(rotated
              ? { secretsSealed: ctx.secrets.sealJson({ ...channelSecrets(ctx.secrets, row), ...rotated }) }
              : {}),
            updatedAt: new Date(),
          })
          .where(eq(channels.id, row.id))
          .returning();
        return { channel: show(updated!), revealedSecrets: rotated };
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
      handler: async ({ params }) => {
        const row = await findChannel(ctx.db, params.id);
        if (!row) throw notFound("Channel");
        await ctx.db.update(channels).set({ deletedAt: new Date(), enabled: false }).where(eq(channels.id, row.id));
      },
    }),
  ];
}
