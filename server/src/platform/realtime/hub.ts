import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import { type ClientEvent, clientEventSchema, type ServerEvent, type WidgetEvent } from "@switchboard/contracts";
import { WebSocket, WebSocketServer } from "ws";
import type { SessionUser } from "../auth/identity";
import type { VisitorIdentity } from "../auth/visitor-token";
import { AppError } from "../errors";
import type { Logger } from "../logger";

export type Client =
  | { kind: "agent"; socket: WebSocket; user: SessionUser; alive: boolean }
  | { kind: "visitor"; socket: WebSocket; visitor: VisitorIdentity; alive: boolean };

export interface HubOptions {
  log: Logger;
  authenticate(req: IncomingMessage): Promise<{ user: SessionUser } | { visitor: VisitorIdentity } | null>;
  onClientEvent(client: Client, event: ClientEvent): void | Promise<void>;
}

/**
 * The socket hub. It knows who is connected; features decide audiences and call the send methods.
 * Each event is serialised once, whatever the audience size.
 */
export class RealtimeHub {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  private readonly agents = new Set<Client & { kind: "agent" }>();
  private readonly visitors = new Map<string, Set<Client & { kind: "visitor" }>>();
  private heartbeat?: NodeJS.Timeout;
  /** Tells the other processes to close a user's sockets too (set when a relay runs: realtime/relay.ts). */
  relayDisconnect?: (userId: string) => void;
  /** Told when an agent's socket count in this process changes (auto-away: agents/availability.ts). */
  onAgentSocketsChanged?: (userId: string) => void;

  /** Other WebSocket endpoints on the same server, by path (features register them: the ConversationRelay socket). */
  private readonly extraUpgrades = new Map<string, (req: IncomingMessage, socket: Duplex, head: Buffer) => void>();

  constructor(private readonly opts: HubOptions) {}

  /** Hands upgrade requests for `path` to a feature's own WebSocket server (it authenticates them itself). */
  route(path: string, handler: (req: IncomingMessage, socket: Duplex, head: Buffer) => void) {
    this.extraUpgrades.set(path, handler);
  }

  attach(server: Server) {
    server.on("upgrade", (req, socket, head) => {
      this.upgrade(req, socket, head).catch((err) => {
        this.opts.log.error({ err }, "websocket upgrade failed");
        socket.destroy();
      });
    });
    // Drop sockets that stopped answering pings (sleeping laptops, dead proxies).
    this.heartbeat = setInterval(() => {
      for (const c of this.allClients()) {
        if (!c.alive) c.socket.terminate();
        else {
          c.alive = false;
          c.socket.ping();
        }
      }
    }, 30_000);
    this.heartbeat.unref();
  }

  private async upgrade(req: IncomingMessage, socket: Duplex, head: Buffer) {
    const url = new URL(req.url ?? "/", "http://x");
    const other = this.extraUpgrades.get(url.pathname);
    if (other) return other(req, socket, head);
    if (url.pathname !== "/ws") return socket.destroy();
    let who: Awaited<ReturnType<HubOptions["authenticate"]>>;
    try {
      who = await this.opts.authenticate(req);
    } catch (err) {
      // A refused Origin or similar: answer with the error's own status and body, like the HTTP API.
      if (!(err instanceof AppError)) throw err;
      socket.write(`HTTP/1.1 ${err.status} Refused\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n`);
      socket.end(JSON.stringify(err.toBody()));
      return;
    }
    if (!who) {
      socket.write("HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n");
      socket.end('{"error":{"code":"unauthenticated","message":"Log in or send a visitor token"}}');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      const client: Client =
        "user" in who
          ? { kind: "agent", socket: ws, user: who.user, alive: true }
          : { kind: "visitor", socket: ws, visitor: who.visitor, alive: true };
      this.add(client);
      ws.on("pong", () => {
        client.alive = true;
      });
      ws.on("close", () => this.remove(client));
      ws.on("error", () => this.remove(client));
      ws.on("message", (data) => {
        client.alive = true;
        let parsed: ClientEvent;
        try {
          const r = clientEventSchema.safeParse(JSON.parse(String(data)));
          if (!r.success) return;
          parsed = r.data;
        } catch {
          return;
        }
        if (parsed.type === "ping") return void ws.send('{"type":"pong"}');
        Promise.resolve(this.opts.onClientEvent(client, parsed)).catch((err) =>
          this.opts.log.warn({ err }, "client event failed"),
        );
      });
      ws.send(JSON.stringify({ type: "hello", as: client.kind }));
    });
  }

  private add(c: Client) {
    if (c.kind === "agent") {
      this.agents.add(c);
      this.onAgentSocketsChanged?.(c.user.id);
    } else {
      const set = this.visitors.get(c.visitor.contactId) ?? new Set();
      set.add(c);
      this.visitors.set(c.visitor.contactId, set);
    }
  }

  private remove(c: Client) {
    if (c.kind === "agent") {
      if (this.agents.delete(c)) this.onAgentSocketsChanged?.(c.user.id);
    } else {
      const set = this.visitors.get(c.visitor.contactId);
      set?.delete(c);
      if (set && set.size === 0) this.visitors.delete(c.visitor.contactId);
    }
  }

  private *allClients(): Iterable<Client> {
    yield* this.agents;
    for (const set of this.visitors.values()) yield* set;
  }

  /** To every connected agent, optionally filtered (e.g. visibility) or excluding one user (the typer). */
  toAgents(event: ServerEvent, filter?: (user: SessionUser) => boolean) {
    const data = JSON.stringify(event);
    for (const c of this.agents) {
      if (filter && !filter(c.user)) continue;
      if (c.socket.readyState === WebSocket.OPEN) c.socket.send(data);
    }
  }

  /** The users with an agent socket in this process (each once): who an audience must decide about. */
  agentUserIds(): Set<string> {
    return new Set([...this.agents].map((c) => c.user.id));
  }

  /** To one agent's sockets only (all their tabs): their notifications are nobody else's business. */
  toUser(userId: string, event: ServerEvent) {
    this.toAgents(event, (u) => u.id === userId);
  }

  /** To the sockets of one contact (a widget visitor), possibly on several tabs. */
  toVisitor(contactId: string, event: WidgetEvent, exclude?: WebSocket) {
    const set = this.visitors.get(contactId);
    if (!set) return;
    const data = JSON.stringify(event);
    for (const c of set) if (c.socket !== exclude && c.socket.readyState === WebSocket.OPEN) c.socket.send(data);
  }

  /**
   * Closes every socket of a user (disabled, logged out, password changed) in every process:
   * here at once, elsewhere through the relay. Their session is gone, and an open socket must not
   * keep receiving customer messages; 4401 tells the console to re-authenticate instead of
   * reconnecting blindly.
   */
  disconnectUser(userId: string) {
    this.disconnectLocalUser(userId);
    this.relayDisconnect?.(userId);
  }

  /** This process's sockets of one user only (what the relay calls on the receiving side). */
  disconnectLocalUser(userId: string) {
    for (const c of [...this.agents]) if (c.user.id === userId) this.endAgent(c);
  }

  /**
   * Backstop for sessions ended where this process could not see it (`npm run admin -- reset-password`,
   * expiry): closes agent sockets whose session `alive` no longer reports.
   */
  async dropEndedSessions(alive: (sessionIds: string[]) => Promise<Set<string>>) {
    const ids = [...new Set([...this.agents].map((c) => c.user.sessionId))];
    if (ids.length === 0) return;
    const live = await alive(ids);
    for (const c of [...this.agents]) if (!live.has(c.user.sessionId)) this.endAgent(c);
  }

  private endAgent(c: Client & { kind: "agent" }) {
    if (this.agents.delete(c)) this.onAgentSocketsChanged?.(c.user.id);
    c.socket.close(4401, "session ended");
    // Do not wait for the close handshake of a client that may not answer.
    const t = setTimeout(() => c.socket.terminate(), 1000);
    t.unref();
  }

  /**
   * Closes every local socket with "service restart" (1012): used when this process may have
   * missed events (its LISTEN connection dropped), so clients reconnect and refetch.
   */
  dropAll(reason: string) {
    for (const c of this.allClients()) c.socket.close(1012, reason);
  }

  /** Open sockets of one agent in this process. */
  agentSocketCount(userId: string): number {
    let n = 0;
    for (const c of this.agents) if (c.user.id === userId) n++;
    return n;
  }

  /** Open sockets per connected agent in this process. */
  agentSocketCounts(): Map<string, number> {
    const m = new Map<string, number>();
    for (const c of this.agents) m.set(c.user.id, (m.get(c.user.id) ?? 0) + 1);
    return m;
  }

  counts() {
    let visitors = 0;
    for (const s of this.visitors.values()) visitors += s.size;
    return { agents: this.agents.size, visitors };
  }

  async close() {
    if (this.heartbeat) clearInterval(this.heartbeat);
    for (const c of this.allClients()) c.socket.terminate();
    await new Promise<void>((r) => this.wss.close(() => r()));
  }
}
