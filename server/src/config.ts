import path from "node:path";
import { isSupportedCountry } from "libphonenumber-js/max";
import { z } from "zod";

const bool = z
  .enum(["1", "0", "true", "false", "yes", "no", "on", "off"])
  .transform((v) => ["1", "true", "yes", "on"].includes(v));

/** Every environment variable Switchboard reads, parsed once. Unknown variables are ignored. */
const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(5000),
  HOST: z.string().default("0.0.0.0"),
  PUBLIC_URL: z.url().optional().describe("Public base URL, used in snippets and webhook URLs"),
  DATA_DIR: z.string().default("./data"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL")
    .optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(2).max(200).default(10),
  SECRET_KEY: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, "must be 64 hex characters (32 bytes)")
    .optional(),
  SECRET_KEYS: z
    .string()
    .regex(
      /^[0-9a-fA-F]{64}(\s*,\s*[0-9a-fA-F]{64})*$/,
      "must be comma-separated keys of 64 hex characters, newest first",
    )
    .optional()
    .describe("Key rotation: the new key first, then old ones still accepted for reading"),
  ADMIN_EMAIL: z.email().optional(),
  ADMIN_PASSWORD: z.string().min(10, "must be at least 10 characters").optional(),
  DEMO: bool.optional(),
  DEFAULT_COUNTRY: z
    .string()
    .trim()
    .toUpperCase()
    .refine(
      (c) => isSupportedCountry(c),
      "must be an ISO 3166 alpha-2 country code with phone numbers, e.g. US, GB, DE",
    )
    .optional()
    .describe("Country for phone numbers written without a country code"),
  SANDBOX: bool.optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  TRUST_PROXY: bool.default(false),
  MAX_UPLOAD_MB: z.coerce.number().min(1).max(100).default(10),
  WHATSAPP_API_URL: z.url().default("https://graph.facebook.com/v23.0"),
  TELEGRAM_API_URL: z.url().default("https://api.telegram.org"),
  INSTAGRAM_API_URL: z.url().default("https://graph.instagram.com/v23.0"),
  X_API_URL: z.url().default("https://api.x.com"),
  OPENAI_API_KEY: z.string().min(1).optional(),
  GEMINI_API_KEY: z.string().min(1).optional(),
  OPENROUTER_API_KEY: z.string().min(1).optional(),
  OPENAI_BASE_URL: z.url().default("https://api.openai.com/v1"),
  GEMINI_BASE_URL: z.url().default("https://generativelanguage.googleapis.com/v1beta"),
  OPENROUTER_BASE_URL: z.url().default("https://openrouter.ai/api/v1"),
  AI_TIMEOUT_SECONDS: z.coerce.number().min(1).max(300).default(30).describe("One AI provider call, retries included"),
  AI_MAX_RETRIES: z.coerce.number().int().min(0).max(5).default(2),
  AI_BACKSTOP_SECONDS: z.coerce
    .number()
    .min(1)
    .max(600)
    .default(30)
    .describe("A customer's message whose answering process died is answered again after this long"),
  ELEVENLABS_API_KEY: z.string().min(1).optional(),
  ELEVENLABS_API_URL: z.url().default("https://api.elevenlabs.io").describe("ElevenLabs' API base (a fake in tests)"),
  ELEVENLABS_VOICE_ID: z.string().min(1).default("21m00Tcm4TlvDq8ikWAM"),
  ELEVENLABS_MODEL: z.string().min(1).default("eleven_flash_v2_5"),
  MEDIA_TRANSCRIPTION_MODEL: z.string().min(1).default("gpt-4o-mini-transcribe"),
  MEDIA_END_OF_TURN_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(5000)
    .default(700)
    .describe("Media Streams: callee silence that ends a turn"),
  MEDIA_VAD_THRESHOLD: z.coerce.number().min(1).max(32767).default(500),
  CALLS_STT: z
    .enum(["realtime", "file"])
    .default("realtime")
    .describe("Media Streams speech recognition: OpenAI realtime transcription (file transcription as fallback) or file only"),
  CALLS_STT_SESSION_MINUTES: z.coerce
    .number()
    .min(0.05)
    .max(30)
    .default(28)
    .describe("A realtime transcription session is replaced after this long (OpenAI ends sessions at 30 min)"),
  CALLS_STT_OPEN_TIMEOUT_MS: z.coerce.number().int().min(100).max(30_000).default(3000),
  ELEVENLABS_TTS_TRANSPORT: z
    .enum(["ws", "http"])
    .default("ws")
    .describe("Media Streams TTS: ElevenLabs WebSocket input streaming (HTTP as fallback) or HTTP only"),
  ELEVENLABS_WS_KEEPALIVE_MS: z.coerce
    .number()
    .int()
    .min(50)
    .max(19_000)
    .default(15_000)
    .describe("An idle ElevenLabs socket gets a single-space keepalive after this long (it closes after 20 s)"),
  MEDIA_TTS_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(50)
    .max(30_000)
    .default(1500)
    .describe("Media Streams: wait for TTS first audio before a filler is played"),
  FLOW_FIRST_TOKEN_MS: z.coerce
    .number()
    .int()
    .min(50)
    .max(30_000)
    .default(1500)
    .describe(
      "On a call, how long the LLM may take to its first token before a filler is said (and again before the scripted brain answers)",
    ),
  AWAY_AFTER_MINUTES: z.coerce
    .number()
    .min(0)
    .max(1440)
    .default(15)
    .describe("Online agents inactive this long become away (0: never)"),
  AWAY_GRACE_SECONDS: z.coerce
    .number()
    .min(0)
    .max(3600)
    .default(30)
    .describe("Online agents whose last console closed this long ago become away"),
  LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).default(10).describe("Failed logins per email+IP per 15 minutes"),
  // Many processes on one PostgreSQL: `web` serves HTTP/WebSocket/webhooks, `worker` runs jobs and sweepers.
  ROLE: z.enum(["all", "web", "worker"]).default("all"),
  // Attachments go to PostgreSQL unless an S3-compatible bucket is configured.
  S3_BUCKET: z.string().optional(),
  S3_ENDPOINT: z.url().optional(),
  S3_REGION: z.string().default("us-east-1"),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  S3_FORCE_PATH_STYLE: bool.default(false),
  LOGIN_ACCOUNT_RATE_LIMIT: z.coerce
    .number()
    .int()
    .min(1)
    .default(50)
    .describe("Failed logins per account from all IPs together per 15 minutes"),
  // Outgoing webhooks: private/loopback targets are refused (SSRF) unless allowed (tests, a LAN install).
  WEBHOOKS_ALLOW_PRIVATE: bool.default(false),
  CAMPAIGN_STUCK_SEND_SECONDS: z.coerce
    .number()
    .int()
    // Longer than a provider call can live (15 s timeout), so a slow live send is never settled.
    .min(20)
    .max(3600)
    .default(60)
    .describe("A campaign send still open this long belongs to a dead process and is settled"),
  WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(8),
  WEBHOOK_RETRY_BASE_SECONDS: z.coerce
    .number()
    .min(0)
    .default(60)
    .describe("First retry delay; each next one is 3x longer (8 attempts span about 18 hours)"),
  WEBHOOK_TIMEOUT_SECONDS: z.coerce.number().min(1).max(60).default(10),
  WEBHOOK_DISABLE_AFTER_FAILURES: z.coerce.number().int().min(1).default(20),
  WEBHOOK_LOG_DAYS: z.coerce.number().int().min(1).default(14),
  KNOWLEDGE_ALLOW_PRIVATE_URLS: bool
    .default(false)
    .describe("Let knowledge-base URL imports fetch private and local addresses (intranets, tests)"),
  KNOWLEDGE_IMPORT_INLINE_KB: z.coerce
    .number()
    .min(0)
    .default(256)
    .describe("Imports larger than this run as a background job"),
  TWILIO_ACCOUNT_SID: z
    .string()
    .regex(/^AC[0-9a-fA-F]{32}$/, "must be an account SID (AC + 32 hex digits)")
    .optional(),
  TWILIO_AUTH_TOKEN: z
    .string()
    .min(1)
    .optional()
    .describe("Signs Twilio's callbacks; also the REST password without an API key"),
  TWILIO_API_KEY_SID: z
    .string()
    .regex(/^SK[0-9a-fA-F]{32}$/, "must be an API key SID (SK…)")
    .optional(),
  TWILIO_API_KEY_SECRET: z.string().min(1).optional(),
  TWILIO_PHONE_NUMBER: z
    .string()
    .regex(/^\+[1-9]\d{6,14}$/, "must be an E.164 number like +14155550100")
    .optional(),
  CALL_IN_DOUBT_SECONDS: z.coerce
    .number()
    .min(1)
    .default(60)
    .describe(
      "A call whose placing was interrupted (crash, timeout) fails as in doubt after this, unless a callback proves it",
    ),
  TWILIO_API_URL: z.url().default("https://api.twilio.com").describe("Twilio's REST base (a fake in tests)"),
  CALL_LOST_MARGIN_SECONDS: z.coerce
    .number()
    .int()
    .min(30)
    .default(300)
    .describe(
      "A live call with no activity for its flow's maximum call length plus this is closed (Twilio asked first; else failed as lost)",
    ),
});

export type Env = z.infer<typeof envSchema>;
export type Config = ReturnType<typeof buildConfig>;

export class ConfigError extends Error {}

export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  // An empty variable (FOO= in a compose file) means "not set".
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Invalid environment configuration:\n${lines.join("\n")}`);
  }
  const env = parsed.data;
  if ((env.ADMIN_EMAIL === undefined) !== (env.ADMIN_PASSWORD === undefined)) {
    throw new ConfigError(
      `Invalid environment configuration:\n  ${env.ADMIN_EMAIL ? "ADMIN_PASSWORD" : "ADMIN_EMAIL"}: set both ADMIN_EMAIL and ADMIN_PASSWORD, or neither`,
    );
  }
  // PGlite is one process's database: a second process cannot open it, so split roles need a server.
  if (env.ROLE !== "all" && !env.DATABASE_URL) {
    throw new ConfigError(
      `Invalid environment configuration:\n  ROLE: ROLE=${env.ROLE} needs DATABASE_URL (a PostgreSQL server); the embedded database serves one process, so use ROLE=all`,
    );
  }
  // Each process would otherwise generate its own DATA_DIR/secret.key: channel secrets sealed by one
  // and visitor tokens signed by one would be unreadable by the others.
  if (env.ROLE !== "all" && !env.SECRET_KEY && !env.SECRET_KEYS) {
    throw new ConfigError(
      `Invalid environment configuration:\n  SECRET_KEY: ROLE=${env.ROLE} needs SECRET_KEY (or SECRET_KEYS), the same in every process (generate one with: openssl rand -hex 32)`,
    );
  }
  if ((env.TWILIO_API_KEY_SID === undefined) !== (env.TWILIO_API_KEY_SECRET === undefined)) {
    throw new ConfigError(
      `Invalid environment configuration:\n  ${env.TWILIO_API_KEY_SID ? "TWILIO_API_KEY_SECRET" : "TWILIO_API_KEY_SID"}: set both TWILIO_API_KEY_SID and TWILIO_API_KEY_SECRET, or neither`,
    );
  }
  if ((env.S3_ACCESS_KEY_ID === undefined) !== (env.S3_SECRET_ACCESS_KEY === undefined)) {
    throw new ConfigError(
      `Invalid environment configuration:\n  ${env.S3_ACCESS_KEY_ID ? "S3_SECRET_ACCESS_KEY" : "S3_ACCESS_KEY_ID"}: set both S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY, or neither`,
    );
  }
  return buildConfig(env);
}

function buildConfig(env: Env) {
  const production = env.NODE_ENV === "production";
  const embedded = !env.DATABASE_URL;
  return {
    env: env.NODE_ENV,
    production,
    port: env.PORT,
    host: env.HOST,
    publicUrl: env.PUBLIC_URL?.replace(/\/$/, ""),
    dataDir: path.resolve(env.DATA_DIR),
    databaseUrl: env.DATABASE_URL,
    poolSize: env.DATABASE_POOL_SIZE,
    secretKey: env.SECRET_KEY,
    /** Older (or all) keys, newest first; SECRET_KEY, when set, comes before them. */
    secretKeys: env.SECRET_KEYS?.split(",").map((k) => k.trim()) ?? [],
    admin:
      env.ADMIN_EMAIL && env.ADMIN_PASSWORD
        ? { email: env.ADMIN_EMAIL.toLowerCase(), password: env.ADMIN_PASSWORD }
        : undefined,
    // Demo data only on a fresh embedded database in development, unless asked otherwise.
    demo: env.DEMO ?? (embedded && !production && env.NODE_ENV !== "test"),
    sandbox: env.SANDBOX ?? !production,
    /** Phone numbers without a country code are read in this country (ISO 3166 alpha-2); without it they are refused. */
    defaultCountry: env.DEFAULT_COUNTRY ?? null,
    logLevel: env.LOG_LEVEL,
    trustProxy: env.TRUST_PROXY,
    maxUploadBytes: Math.round(env.MAX_UPLOAD_MB * 1024 * 1024),
    loginRateLimit: env.LOGIN_RATE_LIMIT,
    role: env.ROLE,
    knowledge: {
      allowPrivateUrls: env.KNOWLEDGE_ALLOW_PRIVATE_URLS,
      inlineImportBytes: Math.round(env.KNOWLEDGE_IMPORT_INLINE_KB * 1024),
    },
    /** Where attachments live: an S3-compatible bucket when S3_BUCKET is set, otherwise PostgreSQL. */
    s3: env.S3_BUCKET
      ? {
          bucket: env.S3_BUCKET,
          endpoint: env.S3_ENDPOINT,
          region: env.S3_REGION,
          forcePathStyle: env.S3_FORCE_PATH_STYLE,
          credentials:
            env.S3_ACCESS_KEY_ID && env.S3_SECRET_ACCESS_KEY
              ? { accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY }
              : undefined,
        }
      : undefined,
    loginAccountRateLimit: env.LOGIN_ACCOUNT_RATE_LIMIT,
    webhooks: {
      allowPrivate: env.WEBHOOKS_ALLOW_PRIVATE,
      maxAttempts: env.WEBHOOK_MAX_ATTEMPTS,
      retryBaseMs: env.WEBHOOK_RETRY_BASE_SECONDS * 1000,
      timeoutMs: env.WEBHOOK_TIMEOUT_SECONDS * 1000,
      disableAfterFailures: env.WEBHOOK_DISABLE_AFTER_FAILURES,
      /** A run of failures this long with no success also turns the endpoint off. */
      disableAfterMs: 24 * 3600 * 1000,
      logDays: env.WEBHOOK_LOG_DAYS,
    },
    ai: {
      keys: { openai: env.OPENAI_API_KEY, google: env.GEMINI_API_KEY, openrouter: env.OPENROUTER_API_KEY },
      baseUrls: {
        openai: env.OPENAI_BASE_URL.replace(/\/$/, ""),
        google: env.GEMINI_BASE_URL.replace(/\/$/, ""),
        openrouter: env.OPENROUTER_BASE_URL.replace(/\/$/, ""),
      },
      timeoutMs: env.AI_TIMEOUT_SECONDS * 1000,
      maxRetries: env.AI_MAX_RETRIES,
      backstopSeconds: env.AI_BACKSTOP_SECONDS,
    },
    mediaStreams: {
      elevenLabsApiKey: env.ELEVENLABS_API_KEY ?? null,
      elevenLabsApiUrl: env.ELEVENLABS_API_URL.replace(/\/$/, ""),
      elevenLabsVoiceId: env.ELEVENLABS_VOICE_ID,
      elevenLabsModel: env.ELEVENLABS_MODEL,
      transcriptionModel: env.MEDIA_TRANSCRIPTION_MODEL,
      endOfTurnMs: env.MEDIA_END_OF_TURN_MS,
      vadThreshold: env.MEDIA_VAD_THRESHOLD,
      ttsTimeoutMs: env.MEDIA_TTS_TIMEOUT_MS,
      stt: env.CALLS_STT,
      sttSessionMs: env.CALLS_STT_SESSION_MINUTES * 60_000,
      sttOpenTimeoutMs: env.CALLS_STT_OPEN_TIMEOUT_MS,
      ttsTransport: env.ELEVENLABS_TTS_TRANSPORT,
      ttsKeepaliveMs: env.ELEVENLABS_WS_KEEPALIVE_MS,
    },
    flows: { firstTokenMs: env.FLOW_FIRST_TOKEN_MS, twilioAuthToken: env.TWILIO_AUTH_TOKEN ?? null },
    campaigns: { stuckSendMs: env.CAMPAIGN_STUCK_SEND_SECONDS * 1000 },
    presence: { awayAfterMs: env.AWAY_AFTER_MINUTES * 60_000, graceMs: env.AWAY_GRACE_SECONDS * 1000 },
    /** Twilio from the environment; the settings page, when saved, takes precedence (features/calls/credentials.ts). */
    twilio: {
      accountSid: env.TWILIO_ACCOUNT_SID,
      authToken: env.TWILIO_AUTH_TOKEN,
      apiKeySid: env.TWILIO_API_KEY_SID,
      apiKeySecret: env.TWILIO_API_KEY_SECRET,
      phoneNumber: env.TWILIO_PHONE_NUMBER,
      apiUrl: env.TWILIO_API_URL.replace(/\/$/, ""),
      inDoubtMs: env.CALL_IN_DOUBT_SECONDS * 1000,
      lostMarginMs: env.CALL_LOST_MARGIN_SECONDS * 1000,
    },
    providerUrls: {
      whatsapp: env.WHATSAPP_API_URL.replace(/\/$/, ""),
      telegram: env.TELEGRAM_API_URL.replace(/\/$/, ""),
      instagram: env.INSTAGRAM_API_URL.replace(/\/$/, ""),
      x: env.X_API_URL.replace(/\/$/, ""),
    },
  };
}
