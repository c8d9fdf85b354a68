import type { WidgetEvent } from "./types";

type ClientEvent = { type: "typing"; conversationId: string; typing: boolean } | { type: "ping" };

interface SocketHandlers {
  event(e: WidgetEvent): void;
  /** Called on every successful (re)connection; `again` is false only for the first one. */
  open(again: boolean): void;
}

/** Visitor WebSocket with exponential backoff + jitter, heartbeat and reconnect on focus/online. */
export class Socket {
  private ws: WebSocket | null = null;
  private attempt = 0;
  private connectedOnce = false;
  private retryTimer = 0;
  private pingTimer = 0;
  private stopped = false;
  private readonly wake = () => {
    if (!this.ws && !this.stopped) {
      clearTimeout(this.retryTimer);
      this.connect();
    }
  };

  constructor(
    private readonly url: () => string,
    private readonly on: SocketHandlers,
  ) {
    addEventListener("online", this.wake);
    document.addEventListener("visibilitychange", this.wake);
    this.connect();
  }

  private connect(): void {
    if (this.stopped) return;
    let ws: WebSocket;
    try {
      ws = new WebSocket(this.url());
    } catch {
      this.retry();
      return;
    }
    this.ws = ws;
    ws.onopen = () => {
      this.attempt = 0;
      const again = this.connectedOnce;
      this.connectedOnce = true;
      clearInterval(this.pingTimer);
      this.pingTimer = window.setInterval(() => this.send({ type: "ping" }), 25_000);
      this.on.open(again);
    };
    ws.onmessage = (m) => {
      try {
        this.on.event(JSON.parse(String(m.data)) as WidgetEvent);
      } catch {
        // ignore malformed frames
      }
    };
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.ws = null;
      clearInterval(this.pingTimer);
      this.retry();
    };
  }

  private retry(): void {
    if (this.stopped) return;
    // 0.5 s, 1 s, 2 s … capped at 30 s, with ±50 % jitter so reconnect storms spread out.
    const base = Math.min(30_000, 500 * 2 ** this.attempt++);
    clearTimeout(this.retryTimer);
    this.retryTimer = window.setTimeout(() => this.connect(), base * (0.5 + Math.random()));
  }

  send(e: ClientEvent): void {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(e));
  }

  close(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearInterval(this.pingTimer);
    removeEventListener("online", this.wake);
    document.removeEventListener("visibilitychange", this.wake);
    const ws = this.ws;
    this.ws = null;
    ws?.close();
  }
}
