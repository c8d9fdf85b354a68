import {
  APICallError,
  InvalidToolInputError,
  NoObjectGeneratedError,
  NoOutputGeneratedError,
  NoSuchToolError,
  RetryError,
} from "ai";

/** The handoff rules a provider failure maps to (recorded with the decision). */
export type FailureRule =
  | "provider_quota"
  | "provider_rate_limited"
  | "provider_auth"
  | "provider_error"
  | "provider_timeout"
  | "provider_malformed";

export interface Failure {
  rule: FailureRule;
  /** A sentence for the handoff note (an agent or admin reads it). */
  reason: string;
  /** Worth another try: rate limits and server errors (quota, auth and bad answers are not). */
  retryable: boolean;
  /** The provider's retry-after, when it gave one. */
  retryAfterMs: number | null;
  statusCode: number | null;
}

/** A bad answer from the model (empty, unparsable, invalid tool input): thrown by the brain itself. */
export class MalformedAnswerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MalformedAnswerError";
  }
}

const header = (headers: Record<string, string> | undefined, name: string) =>
  headers?.[name] ?? headers?.[name.toLowerCase()];

function retryAfter(headers: Record<string, string> | undefined): number | null {
  const ms = Number.parseFloat(header(headers, "retry-after-ms") ?? "");
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const s = Number.parseFloat(header(headers, "retry-after") ?? "");
  if (Number.isFinite(s) && s >= 0) return s * 1000;
  return null;
}

/** Google puts the wait in the body: details[{"@type": "…RetryInfo", "retryDelay": "1.5s"}]. */
function retryDelay(body: string): number | null {
  const m = /"retrydelay"\s*:\s*"(\d+(?:\.\d+)?)s"/.exec(body);
  return m ? Number(m[1]) * 1000 : null;
}

function isAbort(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  if (err.name === "AbortError" || err.name === "TimeoutError") return true;
  const cause = (err as { cause?: unknown }).cause;
  return cause !== err && cause !== undefined && isAbort(cause);
}

/**
 * Turns whatever the AI SDK threw into a rule and a readable reason. The two 429s differ: OpenAI says
 * `insufficient_quota` (billing: retrying will not help) vs `rate_limit_exceeded`; OpenRouter says
 * 402 for no credits; Gemini's quota 429 mentions billing while its per-minute limit carries RetryInfo.
 */
export function classifyFailure(err: unknown, provider: string): Failure {
  const base = { retryAfterMs: null, statusCode: null };
  if (RetryError.isInstance(err)) return classifyFailure(err.lastError, provider);
  if (err instanceof MalformedAnswerError)
    return {
      ...base,
      rule: "provider_malformed",
      reason: `The model's answer was unusable: ${err.message}`,
      retryable: false,
    };
  if (isAbort(err))
    return {
      ...base,
      rule: "provider_timeout",
      reason: `The ${provider} model did not answer in time`,
      retryable: false,
    };
  if (APICallError.isInstance(err)) {
    const status = err.statusCode ?? null;
    const body = (err.responseBody ?? "").toLowerCase();
    const after = retryAfter(err.responseHeaders) ?? retryDelay(body);
    const at = { retryAfterMs: after, statusCode: status };
    // A 2xx the SDK could not read (invalid JSON, a body that does not fit the schema).
    if (status !== null && status >= 200 && status < 300)
      return {
        ...at,
        rule: "provider_malformed",
        reason: `The ${provider} API answered something unreadable: ${err.message.slice(0, 200)}`,
        retryable: false,
      };
    if (status === 402 || (status === 429 && /insufficient_quota|billing|credit/.test(body)))
      return {
        ...at,
        rule: "provider_quota",
        reason: `The ${provider} account is out of quota or credits (HTTP ${status}); an admin must check billing`,
        retryable: false,
      };
    if (status === 429)
      return {
        ...at,
        rule: "provider_rate_limited",
        reason: `The ${provider} API is rate limiting us (HTTP 429)`,
        retryable: true,
      };
    if (status === 401 || status === 403)
      return {
        ...at,
        rule: "provider_auth",
        reason: `The ${provider} API refused the key (HTTP ${status}); an admin must check the AI settings`,
        retryable: false,
      };
    if (status !== null && status >= 500)
      return { ...at, rule: "provider_error", reason: `The ${provider} API failed (HTTP ${status})`, retryable: true };
    if (status === 408)
      return { ...at, rule: "provider_timeout", reason: `The ${provider} API timed out (HTTP 408)`, retryable: true };
    if (status === null && err.isRetryable)
      return {
        ...at,
        rule: "provider_error",
        reason: `The ${provider} API could not be reached: ${err.message}`,
        retryable: true,
      };
    return {
      ...at,
      rule: "provider_error",
      reason: `The ${provider} API rejected the request (HTTP ${status ?? "?"}): ${err.message.slice(0, 200)}`,
      retryable: false,
    };
  }
  if (
    InvalidToolInputError.isInstance(err) ||
    NoSuchToolError.isInstance(err) ||
    NoObjectGeneratedError.isInstance(err) ||
    NoOutputGeneratedError.isInstance(err) ||
    (err instanceof Error &&
      /JSONParseError|TypeValidationError|InvalidResponseDataError|EmptyResponseBody|NoContentGenerated/.test(err.name))
  )
    return {
      ...base,
      rule: "provider_malformed",
      reason: `The ${provider} model's answer was malformed: ${(err as Error).message.slice(0, 200)}`,
      retryable: false,
    };
  const message = err instanceof Error ? err.message : String(err);
  // A network failure (connection refused, reset) before any HTTP status.
  if (/fetch failed|ECONNREFUSED|ECONNRESET|socket hang up|network/i.test(message))
    return {
      ...base,
      rule: "provider_error",
      reason: `The ${provider} API could not be reached: ${message}`,
      retryable: true,
    };
  return {
    ...base,
    rule: "provider_error",
    reason: `The ${provider} call failed: ${message.slice(0, 200)}`,
    retryable: false,
  };
}

/**
 * Bounded retries of our own (the SDK's are off): the SDK retries every 429, including a quota 429
 * that can never succeed. Waits the provider's retry-after (capped) or backs off 0.2 s, 0.4 s, 0.8 s…;
 * the signal (the call's timeout) ends the waiting too.
 */
export async function withRetries<T>(
  fn: () => Promise<T>,
  opts: { maxRetries: number; signal: AbortSignal; provider: string },
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      const f = classifyFailure(err, opts.provider);
      if (!f.retryable || attempt >= opts.maxRetries || opts.signal.aborted) throw err;
      const delay = Math.min(f.retryAfterMs ?? 200 * 2 ** attempt, 8000);
      await sleep(delay, opts.signal);
    }
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}

/** The call's signal: the responder's (stale draft, shutdown) and the configured timeout, whichever first. */
export function callSignal(signal: AbortSignal | undefined, timeoutMs: number): AbortSignal {
  const timeout = AbortSignal.timeout(timeoutMs);
  return signal ? AbortSignal.any([signal, timeout]) : timeout;
}
