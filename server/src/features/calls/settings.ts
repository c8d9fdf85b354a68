import type { CallSettings } from "@switchboard/contracts";
import { eq, sql } from "drizzle-orm";
import type { z } from "zod";
import type { saveCallSettingsBody } from "@switchboard/contracts";
import type { AppContext } from "../../platform/context";
import { AppError } from "../../platform/errors";
import { type AuditActor, recordAudit } from "../audit";
import { loadTwilioCredentials } from "./credentials";
import { callSettings } from "./schema";

/** What Settings → Calls shows: where the credentials come from, never a secret. */
export async function readCallSettings(ctx: AppContext): Promise<CallSettings> {
  const c = await loadTwilioCredentials(ctx);
  return {
    source: c?.source ?? "none",
    accountSid: c?.accountSid ?? null,
    apiKeySid: c?.apiKeySid ?? null,
    phoneNumber: c?.phoneNumber ?? null,
    secretSet: !!(c?.authToken || (c?.apiKeySid && c.apiKeySecret)),
    webhookBase: `${ctx.publicUrl()}/webhooks/twilio`,
  };
}

/**
 * Saves the Twilio account (admins). Secrets are sealed with the secret box; a secret left out
 * keeps the stored one. The auth token is needed to verify Twilio's signatures even with an API key.
 */
export async function saveCallSettings(
  ctx: AppContext,
  actor: AuditActor,
  body: z.infer<typeof saveCallSettingsBody>,
): Promise<CallSettings> {
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx.select().from(callSettings).where(eq(callSettings.id, true)).for("update").limit(1);
    const old: { authToken?: string; apiKeySecret?: string } = row ? safeOpen(ctx, row.secretsSealed) : {};
    const apiKeySid = body.apiKeySid === undefined ? (row?.apiKeySid ?? null) : body.apiKeySid;
    const secrets = {
      authToken: body.authToken ?? old.authToken,
      apiKeySecret: apiKeySid ? (body.apiKeySecret ?? old.apiKeySecret) : undefined,
    };
    if (!secrets.authToken)
      throw new AppError("validation_failed", "The auth token is required (it verifies Twilio's callbacks)", {
        fieldErrors: { authToken: ["Required"] },
      });
    if (apiKeySid && !secrets.apiKeySecret)
      throw new AppError("validation_failed", "An API key needs its secret", {
        fieldErrors: { apiKeySecret: ["Required with an API key SID"] },
      });
    const values = {
      accountSid: body.accountSid,
      apiKeySid,
      secretsSealed: ctx.secrets.sealJson(secrets),
      phoneNumber: body.phoneNumber,
      updatedAt: sql`now()` as unknown as Date,
    };
    await tx
      .insert(callSettings)
      .values({ id: true, ...values })
      .onConflictDoUpdate({ target: callSettings.id, set: values });
    await recordAudit(tx, actor, {
      action: "calls.settings_saved",
      summary: `Twilio account ${body.accountSid} saved for calls (${body.phoneNumber})`,
      target: { type: "call_settings", id: null },
      details: { accountSid: body.accountSid, apiKeySid, phoneNumber: body.phoneNumber },
    });
  });
  return readCallSettings(ctx);
}

function safeOpen(ctx: AppContext, sealed: string) {
  try {
    return ctx.secrets.openJson<{ authToken?: string; apiKeySecret?: string }>(sealed);
  } catch {
    return {};
  }
}
