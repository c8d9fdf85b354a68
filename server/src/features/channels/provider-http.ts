/**
 * All HTTP to providers goes through here: a timeout, JSON handling, and one error type carrying
 * what classification needs (HTTP status, provider code, retry-after).
 */
export class ProviderError extends Error {
  constructor(
    message: string,
    readonly info: {
      status: number | null;
      /** Provider's own code (Graph error.code, Telegram error_code, X title…). */
      code?: string;
      retryAfterMs?: number;
      body?: unknown;
      timeout?: boolean;
      network?: boolean;
      /** Why the provider was not reached: connection_refused, dns, tls, timeout, … (network errors only). */
      reason?: string;
    },
  ) {
    super(message);
    this.name = "ProviderError";
  }
}

export interface ProviderRequest {
  method?: string;
  headers?: Record<string, string>;
  json?: unknown;
  body?: BodyInit;
  timeoutMs?: number;
}

export async function providerFetch(url: string, req: ProviderRequest = {}): Promise<Response> {
  const headers: Record<string, string> = { ...(req.headers ?? {}) };
  let body = req.body;
  if (req.json !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(req.json);
  }
  try {
    return await fetch(url, {
      method: req.method ?? (body ? "POST" : "GET"),
      headers,
      body,
      signal: AbortSignal.timeout(req.timeoutMs ?? 15_000),
      redirect: "follow",
    });
  } catch (err) {
    const timeout = (err as Error).name === "TimeoutError" || (err as Error).name === "AbortError";
    const why = timeout
      ? { reason: "timeout", text: `no answer within ${inWords(req.timeoutMs ?? 15_000)}` }
      : networkReason(err);
    throw new ProviderError(`Couldn't reach ${hostOf(url)}: ${why.text}. Check the network or the base URL.`, {
      status: null,
      timeout,
      network: !timeout,
      reason: why.reason,
    });
  }
}

const inWords = (ms: number) => (ms >= 1000 ? `${Math.round(ms / 1000)} seconds` : `${ms} ms`);

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return "the provider";
  }
}

/** The system error code under fetch's "fetch failed" (undici puts it in `cause`, sometimes in an AggregateError). */
type ErrorLike = { code?: unknown; cause?: unknown; errors?: unknown };
function causeCode(err: unknown): string | undefined {
  let e = err as ErrorLike | undefined;
  for (let depth = 0; e && typeof e === "object" && depth < 5; depth++) {
    if (typeof e.code === "string") return e.code;
    const inner = Array.isArray(e.errors)
      ? (e.errors as ErrorLike[]).find((x) => typeof x?.code === "string")
      : undefined;
    if (inner) return inner.code as string;
    e = e.cause as ErrorLike | undefined;
  }
  return undefined;
}

/**
 * What went wrong on the way to the provider, in words an admin can act on. fetch itself only says
 * "fetch failed", which is what the connect form used to show.
 */
export function networkReason(err: unknown): { reason: string; text: string } {
  const code = causeCode(err) ?? "";
  if (code === "ECONNREFUSED") return { reason: "connection_refused", text: "connection refused" };
  if (code === "ENOTFOUND") return { reason: "dns", text: "the host name could not be resolved (DNS)" };
  if (code === "EAI_AGAIN") return { reason: "dns", text: "the DNS lookup failed (temporary failure)" };
  if (code === "ETIMEDOUT" || code === "UND_ERR_CONNECT_TIMEOUT" || code === "UND_ERR_HEADERS_TIMEOUT")
    return { reason: "timeout", text: "the connection timed out" };
  if (code === "ECONNRESET" || code === "UND_ERR_SOCKET" || code === "EPIPE")
    return { reason: "connection_reset", text: "the connection was closed before an answer" };
  if (code === "EHOSTUNREACH" || code === "ENETUNREACH" || code === "ENETDOWN")
    return { reason: "unreachable", text: "no route to the host" };
  if (/CERT|SSL|TLS|EPROTO|SIGNATURE/i.test(code))
    return { reason: "tls", text: `the secure connection (TLS) failed (${code})` };
  const inner = (err as { cause?: { message?: string } })?.cause?.message;
  return { reason: "network", text: inner || (err as Error).message || "network error" };
}

/** Reads a JSON body, or throws a ProviderError with the status when the answer is not 2xx. */
export async function providerJson<T>(
  res: Response,
  explain: (status: number, body: any) => { message: string; code?: string; retryAfterMs?: number },
): Promise<T> {
  const text = await res.text();
  let body: any;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = text;
  }
  if (!res.ok) {
    const d = explain(res.status, body);
    const header = res.headers.get("retry-after");
    const retryAfterMs =
      d.retryAfterMs ?? (header && Number.isFinite(Number(header)) ? Number(header) * 1000 : undefined);
    throw new ProviderError(d.message, { status: res.status, code: d.code, retryAfterMs, body });
  }
  return body as T;
}

/** Defaults shared by adapters: 5xx, 429, timeouts and network errors are worth retrying. */
export function genericRetryable(e: ProviderError): boolean {
  const s = e.info.status;
  return e.info.timeout === true || e.info.network === true || s === null || s === 429 || s >= 500;
}
