import { navigate } from "wouter/use-browser-location";

export type FieldErrors = Record<string, string[] | undefined>;

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.details = details;
  }

  /** Field errors of a `validation_failed` answer, `{}` otherwise. */
  get fieldErrors(): FieldErrors {
    const d = this.details as { fieldErrors?: FieldErrors } | undefined;
    return d && typeof d === "object" && d.fieldErrors ? d.fieldErrors : {};
  }

  get formErrors(): string[] {
    const d = this.details as { formErrors?: string[] } | undefined;
    return d && typeof d === "object" && Array.isArray(d.formErrors) ? d.formErrors : [];
  }
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  method?: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  body?: unknown;
  query?: Query;
  signal?: AbortSignal;
  /** Send the user to /login when the session is gone (default true). */
  redirectOn401?: boolean;
}

const PUBLIC_PATHS = ["/login", "/setup"];

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== null && v !== "") params.set(k, String(v));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

let onUnauthenticated: (() => void) | null = null;
/** Lets the app clear its caches when the session ends. */
export function setUnauthenticatedHandler(fn: () => void) {
  onUnauthenticated = fn;
}

export function redirectToLogin() {
  const here = window.location.pathname + window.location.search;
  if (PUBLIC_PATHS.some((p) => window.location.pathname.startsWith(p))) return;
  onUnauthenticated?.();
  const next = here && here !== "/" ? `?next=${encodeURIComponent(here)}` : "";
  navigate(`/login${next}`, { replace: true });
}

export async function toApiError(res: Response): Promise<ApiError> {
  let code = "http_error";
  let message = res.statusText || `Request failed (${res.status})`;
  let details: unknown;
  try {
    const body = (await res.json()) as { error?: { code?: string; message?: string; details?: unknown } };
    if (body?.error) {
      code = body.error.code ?? code;
      message = body.error.message ?? message;
      details = body.error.details;
    }
  } catch {
    // not JSON: keep the status text
  }
  return new ApiError(res.status, code, message, details);
}

export async function api<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const { method = "GET", body, query, signal, redirectOn401 = true } = opts;
  const headers: Record<string, string> = { Accept: "application/json" };
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    payload = JSON.stringify(body);
  }
  let res: Response;
  try {
    res = await fetch(withQuery(path, query), { method, headers, body: payload, signal, credentials: "same-origin" });
  } catch (err) {
    if (err instanceof DOMException && err.name === "AbortError") throw err;
    throw new ApiError(0, "network_error", "Can't reach the server. Check your connection.");
  }
  if (!res.ok) {
    const error = await toApiError(res);
    if (res.status === 401 && redirectOn401 && error.code !== "invalid_credentials") redirectToLogin();
    throw error;
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof Error) return err.message;
  return "Something went wrong";
}
