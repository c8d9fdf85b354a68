import { eq } from "drizzle-orm";
import type { AppContext } from "../../platform/context";
import { AppError } from "../../platform/errors";
import { callSettings } from "./schema";

/** The Twilio account we call through. REST uses the API key pair when there is one, else the auth token. */
export interface TwilioCredentials {
  source: "settings" | "environment";
  accountSid: string;
  /** Verifies X-Twilio-Signature (Twilio signs with the account's auth token, never with an API key). */
  authToken: string | null;
  apiKeySid: string | null;
  apiKeySecret: string | null;
  phoneNumber: string;
  apiUrl: string;
}

/** Username and password for Twilio's REST API and recording media (HTTP Basic). */
export function restAuth(c: TwilioCredentials): { username: string; password: string } | null {
  if (c.apiKeySid && c.apiKeySecret) return { username: c.apiKeySid, password: c.apiKeySecret };
  if (c.authToken) return { username: c.accountSid, password: c.authToken };
  return null;
}

/**
 * The settings page's row when saved, else the environment, else null (telephony off). Read from
 * the database each time: another process may have saved new credentials.
 */
export async function loadTwilioCredentials(ctx: AppContext): Promise<TwilioCredentials | null> {
  const [row] = await ctx.db.select().from(callSettings).where(eq(callSettings.id, true)).limit(1);
  const apiUrl = ctx.config.twilio.apiUrl;
  if (row) {
    let secrets: { authToken?: string; apiKeySecret?: string } = {};
    try {
      secrets = ctx.secrets.openJson(row.secretsSealed);
    } catch {
      // No key of the ring opens it: the same as no credentials (callbacks refused, calls not placed).
      ctx.log.warn("Twilio credentials are sealed with a key no longer configured");
      return null;
    }
    return {
      source: "settings",
      accountSid: row.accountSid,
      authToken: secrets.authToken ?? null,
      apiKeySid: row.apiKeySid,
      apiKeySecret: secrets.apiKeySecret ?? null,
      phoneNumber: row.phoneNumber,
      apiUrl,
    };
  }
  const t = ctx.config.twilio;
  if (!t.accountSid || !t.phoneNumber || !(t.authToken || t.apiKeySid)) return null;
  return {
    source: "environment",
    accountSid: t.accountSid,
    authToken: t.authToken ?? null,
    apiKeySid: t.apiKeySid ?? null,
    apiKeySecret: t.apiKeySecret ?? null,
    phoneNumber: t.phoneNumber,
    apiUrl,
  };
}

export async function requireTwilio(ctx: AppContext): Promise<TwilioCredentials> {
  const c = await loadTwilioCredentials(ctx);
  if (!c || !restAuth(c))
    throw new AppError(
      "settings_invalid",
      "Twilio is not configured: set TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN (or an API key pair) and TWILIO_PHONE_NUMBER, or save them in Settings → Calls",
    );
  return c;
}
