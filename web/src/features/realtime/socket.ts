import type { ClientEvent, ServerEvent } from "@/lib/types";

export type SocketStatus = "connecting" | "connected" | "reconnecting";

interface Handlers {
  onEvent: (event: ServerEvent) => void;
  onStatus: (status: SocketStatus) => void;
  /** Called when the socket comes back after being down: events may have been missed. */
  onReconnected: () => void;
  /** Called after repeated failures: the session may be gone (upgrades answer 401). */
  onRepeatedFailure: () => void;
}

const PING_EVERY = 25_000;
const PONG_TIMEOUT = 10_000;
const MAX_DELAY = 10_000;

/** One agent WebSocket with reconnect, exponential backoff with jitter and a heartbeat. */
export class RealtimeSocket {
  private ws: WebSocket | null = null;
  private attempt = 0;
  private everConnected = false;
  private stopped = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private pongTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly handlers: Handlers) {}

  start() {
    this.stopped = false;
    window.addEventListener("online", this.retryNow);
    document.addEventListener("visibilitychange", this.onVisible);
    // Deferred: a start/stop pair in the same tick (React StrictMode) never opens a socket.
    this.retryTimer = setTimeout(() => this.connect(), 0);
  }

  stop() {
    this.stopped = true;
    window.removeEventListener("online", this.retryNow);
    document.removeEventListener("visibilitychange", this.onVisible);
    clearTimeout(this.retryTimer);
    this.clearHeartbeat();
    const ws = this.ws;
    this.ws = null;
    if (ws) {
      ws.onclose = null;
      ws.close(1000, "bye");
    }
  }

  send(event: ClientEvent): boolean {
    if (this.ws?.readyState !== WebSocket.OPEN) return false;
    this.ws.send(JSON.stringify(event));
    return true;
  }

  private url() {
    const proto = window.location.protocol === "https:" ? "wss:" : "ws:";
    return `${proto}//${window.location.host}/ws`;
  }

  private connect() {
    if (this.stopped) return;
    this.handlers.onStatus(this.everConnected || this.attempt > 0 ? "reconnecting" : "connecting");
    let ws: WebSocket;
    try {
      ws = new WebSocket(this.url());
    } catch {
      this.scheduleRetry();
      return;
    }
    this.ws = ws;
    ws.onopen = () => {
      const missed = this.everConnected || this.attempt > 0;
      this.attempt = 0;
      this.everConnected = true;
      this.handlers.onStatus("connected");
      this.startHeartbeat();
      if (missed) this.handlers.onReconnected();
    };
    ws.onmessage = (msg) => {
      clearTimeout(this.pongTimer);
      let event: ServerEvent;
      try {
        event = JSON.parse(String(msg.data)) as ServerEvent;
      } catch {
        return;
      }
      if (event && typeof event.type === "string") this.handlers.onEvent(event);
    };
    ws.onclose = (e) => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.clearHeartbeat();
      // 4401: the server ended this user's session (logout elsewhere, disabled, password changed):
      // ask the API now, which sends the user to /login, instead of after a few failed retries.
      if (e.code === 4401) this.handlers.onRepeatedFailure();
      this.scheduleRetry();
    };
    ws.onerror = () => {
      // onclose follows and schedules the retry
    };
  }

  private scheduleRetry() {
    if (this.stopped) return;
    this.handlers.onStatus("reconnecting");
    this.attempt++;
    if (this.attempt === 3 || this.attempt % 10 === 0) this.handlers.onRepeatedFailure();
    const base = Math.min(MAX_DELAY, 500 * 2 ** (this.attempt - 1));
    const delay = base / 2 + Math.random() * (base / 2);
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }

  private readonly retryNow = () => {
    if (this.stopped || this.ws) return;
    clearTimeout(this.retryTimer);
    this.connect();
  };

  private readonly onVisible = () => {
    if (document.visibilityState === "visible") this.retryNow();
  };

  private startHeartbeat() {
    this.clearHeartbeat();
    this.pingTimer = setInterval(() => {
      if (!this.send({ type: "ping" })) return;
      clearTimeout(this.pongTimer);
      this.pongTimer = setTimeout(() => this.ws?.close(4000, "heartbeat timeout"), PONG_TIMEOUT);
    }, PING_EVERY);
  }

  private clearHeartbeat() {
    clearInterval(this.pingTimer);
    clearTimeout(this.pongTimer);
  }
}
