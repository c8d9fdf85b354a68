/**
 * The far side of the network for component tests: a fetch that answers from route handlers and
 * records every request, and a WebSocket the test drives (open it, push server events, read what the
 * client sent). Everything on our side of the wire (components, hooks, caches, the widget) is real.
 */
import { vi } from "vitest";

export interface SeenRequest {
  method: string;
  path: string;
  body: unknown;
}

type Handler = (req: SeenRequest) => { status?: number; body?: unknown } | undefined;

export function fakeFetch(routes: Record<string, Handler>) {
  const requests: SeenRequest[] = [];
  const fetchImpl = async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input instanceof Request ? input.url : input), window.location.href);
    const method = (init.method ?? "GET").toUpperCase();
    const raw = init.body;
    const body = typeof raw === "string" ? JSON.parse(raw) : raw instanceof FormData ? raw : undefined;
    const req = { method, path: url.pathname + url.search, body };
    requests.push(req);
    const handler = routes[`${method} ${url.pathname}`];
    const res = handler?.(req) ?? { status: 404, body: { error: { code: "not_found", message: "Not found" } } };
    const status = res.status ?? 200;
    return new Response(status === 204 ? null : JSON.stringify(res.body ?? {}), {
      status,
      headers: { "content-type": "application/json" },
    });
  };
  vi.stubGlobal("fetch", vi.fn(fetchImpl));
  return {
    requests,
    /** Requests to one `METHOD /path`, in order. */
    to: (key: string) => requests.filter((r) => `${r.method} ${r.path.split("?")[0]}` === key),
  };
}

export class FakeWebSocket {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;
  static all: FakeWebSocket[] = [];
  readyState = FakeWebSocket.CONNECTING;
  sent: unknown[] = [];
  onopen: ((e: Event) => void) | null = null;
  onmessage: ((e: MessageEvent) => void) | null = null;
  onclose: ((e: CloseEvent) => void) | null = null;
  onerror: ((e: Event) => void) | null = null;

  constructor(readonly url: string) {
    FakeWebSocket.all.push(this);
  }

  /** The newest socket the client opened. */
  static get last(): FakeWebSocket {
    const ws = FakeWebSocket.all.at(-1);
    if (!ws) throw new Error("no WebSocket was opened");
    return ws;
  }

  send(data: string) {
    this.sent.push(JSON.parse(data));
  }

  close() {
    this.readyState = FakeWebSocket.CLOSED;
  }

  /** The server accepts the connection. */
  accept() {
    this.readyState = FakeWebSocket.OPEN;
    this.onopen?.(new Event("open"));
  }

  /** The server pushes an event. */
  push(event: unknown) {
    this.onmessage?.(new MessageEvent("message", { data: JSON.stringify(event) }));
  }
}

export function installFakeWebSocket() {
  FakeWebSocket.all = [];
  vi.stubGlobal("WebSocket", FakeWebSocket);
}
