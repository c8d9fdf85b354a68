import {
  instagramSecretsSchema,
  instagramSettingsSchema,
  telegramSecretsSchema,
  whatsappSecretsSchema,
  whatsappSettingsSchema,
  xSecretsSchema,
  xSettingsSchema,
} from "@switchboard/contracts";
import type { z } from "zod";
import type { ProviderType } from "@/lib/types";

/**
 * One credential or setting of a provider channel: how the form shows it. What a valid value is comes
 * from the contract's schema for that field (contracts/src/channels.ts), the one the server applies.
 */
export interface FieldDef {
  key: string;
  group: "settings" | "secrets";
  label: string;
  hint: string;
  kind: "text" | "secret" | "switch" | "number";
  placeholder?: string;
  /** Needed to connect (shown in the create form). */
  required?: boolean;
  validate?: (value: string) => string | null;
}

/** A form value checked by a contract schema; the first issue's message is the field's error. */
function rule(schema: z.ZodType, parse: (value: string) => unknown = (v) => v) {
  return (value: string) => {
    const r = schema.safeParse(parse(value));
    return r.success ? null : (r.error.issues[0]?.message ?? "Invalid value");
  };
}
const asNumber = (v: string) => (v.trim() === "" ? Number.NaN : Number(v));

const wa = whatsappSettingsSchema.shape;
const waSecrets = whatsappSecretsSchema.shape;
const ig = instagramSettingsSchema.shape;
const igSecrets = instagramSecretsSchema.shape;
const x = xSettingsSchema.shape;
const xSecrets = xSecretsSchema.shape;

export const providerFields: Record<ProviderType, FieldDef[]> = {
  whatsapp: [
    {
      key: "phoneNumberId",
      group: "settings",
      label: "Phone number ID",
      hint: "WhatsApp Manager → API Setup (routes webhooks to this channel).",
      kind: "text",
      placeholder: "106540352242922",
      required: true,
      validate: rule(wa.phoneNumberId),
    },
    {
      key: "wabaId",
      group: "settings",
      label: "WhatsApp Business Account ID",
      hint: "Used to sync your message templates.",
      kind: "text",
      placeholder: "102290129340398",
      required: true,
      validate: rule(wa.wabaId),
    },
    {
      key: "accessToken",
      group: "secrets",
      label: "Access token",
      hint: "A permanent System User token with whatsapp_business_messaging.",
      kind: "secret",
      required: true,
      validate: rule(waSecrets.accessToken),
    },
    {
      key: "appSecret",
      group: "secrets",
      label: "App secret",
      hint: "Meta app → Settings → Basic. Checks webhook signatures.",
      kind: "secret",
      required: true,
      validate: rule(waSecrets.appSecret),
    },
    {
      key: "displayPhoneNumber",
      group: "settings",
      label: "Display phone number",
      hint: "Filled in from WhatsApp when connecting.",
      kind: "text",
      validate: rule(wa.displayPhoneNumber),
    },
    {
      key: "messagesPerSecond",
      group: "settings",
      label: "Messages per second",
      hint: "Throughput of your number (80 by default).",
      kind: "number",
      validate: rule(wa.messagesPerSecond, asNumber),
    },
  ],
  telegram: [
    {
      key: "botToken",
      group: "secrets",
      label: "Bot token",
      hint: "From @BotFather (/newbot or /token). We set the webhook for you.",
      kind: "secret",
      placeholder: "123456789:AAE…",
      required: true,
      validate: rule(telegramSecretsSchema.shape.botToken),
    },
  ],
  instagram: [
    {
      key: "accountId",
      group: "settings",
      label: "Instagram account ID",
      hint: "Your professional account's ID (entry[].id in webhooks).",
      kind: "text",
      placeholder: "17841400000000000",
      required: true,
      validate: rule(ig.accountId),
    },
    {
      key: "accessToken",
      group: "secrets",
      label: "Access token",
      hint: "Page or Instagram user token with instagram_manage_messages.",
      kind: "secret",
      required: true,
      validate: rule(igSecrets.accessToken),
    },
    {
      key: "appSecret",
      group: "secrets",
      label: "App secret",
      hint: "Meta app → Settings → Basic. Checks webhook signatures.",
      kind: "secret",
      required: true,
      validate: rule(igSecrets.appSecret),
    },
    {
      key: "humanAgentTag",
      group: "settings",
      label: "HUMAN_AGENT tag",
      hint: "Reply up to 7 days after the customer's last message (needs Meta approval).",
      kind: "switch",
      required: true,
    },
  ],
  x: [
    {
      key: "userId",
      group: "settings",
      label: "User ID",
      hint: "The X account's numeric user id (for_user_id in webhooks).",
      kind: "text",
      placeholder: "1460000000000000000",
      required: true,
      validate: rule(x.userId),
    },
    {
      key: "consumerSecret",
      group: "secrets",
      label: "Consumer secret",
      hint: "API key secret of your X app (signs the CRC and webhooks).",
      kind: "secret",
      required: true,
      validate: rule(xSecrets.consumerSecret),
    },
    {
      key: "accessToken",
      group: "secrets",
      label: "Access token",
      hint: "OAuth 2.0 user token with dm.read and dm.write.",
      kind: "secret",
      required: true,
      validate: rule(xSecrets.accessToken),
    },
    {
      key: "username",
      group: "settings",
      label: "Username",
      hint: "Without the @.",
      kind: "text",
      validate: rule(x.username),
    },
  ],
};

export type FormValues = Record<string, string | boolean>;
export type FormErrors = Record<string, string[] | undefined>;

/** Checks each field with its contract rule; an empty required field is "Required" whatever its rule says. */
export function validateFields(fields: FieldDef[], values: FormValues): FormErrors {
  const errors: FormErrors = {};
  for (const f of fields) {
    if (f.kind === "switch") continue;
    const value = String(values[f.key] ?? "");
    const msg = f.required && !value.trim() ? "Required" : (f.validate?.(value) ?? null);
    if (msg) errors[f.key] = [msg];
  }
  return errors;
}

/** Splits form values into the API's settings and secrets objects. */
export function toBody(fields: FieldDef[], values: FormValues) {
  const settings: Record<string, unknown> = {};
  const secrets: Record<string, string> = {};
  for (const f of fields) {
    const v = values[f.key];
    if (f.group === "secrets") secrets[f.key] = String(v ?? "").trim();
    else if (f.kind === "switch") settings[f.key] = !!v;
    else if (f.kind === "number") settings[f.key] = Number(v);
    else settings[f.key] = String(v ?? "").trim();
  }
  return { settings, secrets };
}

/** Server field errors (keys like `phoneNumberId`, `secrets.accessToken`) onto the form's fields; the rest is form-level. */
export function mapServerErrors(
  fields: FieldDef[],
  serverErrors: FormErrors,
  fallback: string,
): { fields: FormErrors; form: string | null } {
  const out: FormErrors = {};
  let form: string | null = null;
  for (const [key, msgs] of Object.entries(serverErrors)) {
    const last = key.split(".").pop() ?? key;
    if (fields.some((f) => f.key === last)) out[last] = msgs;
    else if (key === "name") out.name = msgs;
    else form = fallback;
  }
  if (Object.keys(out).length === 0) form = fallback;
  return { fields: out, form };
}
