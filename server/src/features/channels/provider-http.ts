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
    throw new ProviderError(
      timeout ? "The provider did not answer in time" : `Could not reach the provider: ${(err as Error).message}`,
      { status: null, timeout, network: !timeout },
    );
  }
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
