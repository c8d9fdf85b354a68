import crypto from "node:crypto";
import type { CreateChannelBody } from "@switchboard/contracts";
import type { AppContext } from "../../platform/context";
import { AppError, fromZod } from "../../platform/errors";
import type { ChannelConfig } from "./adapter";
import { invalidateChannels } from "./configs";
import { ProviderError } from "./provider-http";
import type { ChannelRow } from "./queries";
import { getAdapter, sandboxPath } from "./registry";
import { channels } from "./schema";
import { syncTemplates } from "./templates/sync";

/**
 * Connects a channel: validate settings and credentials, run the provider's set-up (Telegram
 * getMe + setWebhook, WhatsApp number lookup) and only then store it, so a wrong token leaves
 * nothing behind. Sandbox channels get generated credentials and talk to the built-in fake.
 */
export async function connectChannel(
  ctx: AppContext,
  body: CreateChannelBody,
): Promise<{ row: ChannelRow; revealed: Record<string, string> | null }> {
  const adapter = getAdapter(body.type);
  const provider = adapter.provider;
  const id = crypto.randomUUID();
  const sandbox = "sandbox" in body && body.sandbox === true;
  if (sandbox && !ctx.config.sandbox)
    throw new AppError("forbidden", "The sandbox is turned off on this server (SANDBOX=1 enables it)");
  const setup = sandbox && provider ? provider.sandboxSetup() : { settings: {}, secrets: {} };
  const settingsResult = adapter.settingsSchema.safeParse({ ...setup.settings, ...(body.settings ?? {}) });
  if (!settingsResult.success) throw fromZod(settingsResult.error, "settings");
  let settings = settingsResult.data;
  let given: Record<string, string> = setup.secrets;
  if (!sandbox && adapter.secretsSchema) {
    const r = adapter.secretsSchema.safeParse("secrets" in body ? body.secrets : undefined);
    if (!r.success) throw fromZod(r.error, "secrets");
    given = r.data;
  }
  const generated = adapter.generateSecrets();
  const secrets = { ...given, ...generated };
  // Not for sandbox channels: the fake only knows accounts that are stored (it would refuse the
  // generated token), and sandboxSetup already provides what connect would look up.
  if (provider?.connect && !sandbox) {
    const config: ChannelConfig = {
      id,
      type: body.type,
      name: body.name,
      settings,
      secrets,
      apiBase: sandbox
        ? `${ctx.internalUrl()}${sandboxPath(body.type)}`
        : ((ctx.config.providerUrls as Record<string, string>)[body.type] ?? ""),
    };
    const webhookUrl = `${sandbox ? ctx.internalUrl() : ctx.publicUrl()}/webhooks/${provider.webhook.path.replace(":channelId", id)}`;
    try {
      settings = { ...settings, ...(await provider.connect(config as never, webhookUrl)) };
    } catch (err) {
      if (!(err instanceof ProviderError)) throw err;
      // Not an answer from the provider: it was never reached (refused, DNS, TLS, timeout). Saying
      // "refused the connection" would send the admin after their credentials.
      if (err.info.network || err.info.timeout)
        throw new AppError("provider_unavailable", err.message, { reason: err.info.reason ?? "network" });
      const cls = provider.classifyError(err);
      throw new AppError("provider_rejected", `${adapter.label} refused the connection: ${cls.message}`, {
        providerCode: cls.code,
      });
    }
  }
  const accountId = provider?.accountId(settings) || null;
  const [row] = await ctx.db
    .insert(channels)
    .values({
      id,
      type: body.type,
      name: body.name,
      settings,
      secretsSealed: ctx.secrets.sealJson(secrets),
      sandbox,
      externalAccountId: accountId,
    })
    .onConflictDoNothing()
    .returning();
  if (!row) throw new AppError("conflict", `This ${adapter.label} account is already connected to another channel`);
  invalidateChannels(ctx);
  if (provider?.listTemplates) {
    await syncTemplates(ctx, row.id).catch((err) =>
      ctx.log.warn({ err, channelId: row.id }, "template sync after connect failed"),
    );
  }
  // Generated secrets the admin must copy somewhere are revealed once (the widget identity secret).
  const revealed = body.type === "webchat" ? generated : null;
  return { row, revealed };
}
