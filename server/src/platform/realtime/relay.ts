import crypto from "node:crypto";
import pg from "pg";
import type { EventBus, EventName } from "../bus";
import type { Database, ExecuteSql } from "../db/client";
import type { Logger } from "../logger";
import type { RealtimeHub } from "./hub";

/** One PostgreSQL channel carries every realtime message between the processes of a deployment. */
export const RELAY_CHANNEL = "switchboard_realtime";
/** NOTIFY payloads must stay under 8000 bytes; larger messages travel as a row id. */
const INLINE_BYTES = 7000;

type RelayMessage = { k: "event"; name: EventName; payload: unknown } | { k: "disconnect"; userId: string };
/** One NOTIFY: the sending process, then messages inline or as realtime_payloads row ids. */
interface Envelope {
  o: string;
  m: (RelayMessage | number)[];
}

/**
 * Realtime across processes through PostgreSQL LISTEN/NOTIFY. The process that committed delivers
 * to its own sockets at once (bus.emit) and publishes; every other process receives the event and
 * runs the same every-process listeners, so audiences are decided where the sockets are. A
 * process ignores its own notifications (no double delivery). Messages of one process are sent in
 * order, batched into as few NOTIFYs as fit. On PGlite (one process) no relay runs: bus.emit alone
 * reaches every socket.
 */
export class PgRelay {
  readonly origin = crypto.randomUUID();
  private queue: RelayMessage[] = [];
  private flushing = false;
  private listener?: pg.Client;
  private closed = false;
  private inbound: Promise<void> = Promise.resolve();
  private everConnected = false;

  constructor(
    private readonly opts: {
      url: string;
      executeSql: ExecuteSql;
      log: Logger;
      bus: EventBus;
      hub: RealtimeHub;
    },
  ) {}

  publishEvent(name: EventName, payload: unknown) {
    this.push({ k: "event", name, payload });
  }

  publishDisconnect(userId: string) {
    this.push({ k: "disconnect", userId });
  }

  /** Starts listening (processes that hold sockets); publishing works without it. */
  async listen(): Promise<void> {
    await this.connect();
  }

  /** Resolves when everything published so far has been handed to PostgreSQL (tests, shutdown). */
  async drained(): Promise<void> {
    while (this.flushing || this.queue.length) await new Promise((r) => setTimeout(r, 5));
  }

  async close() {
    await this.drained();
    this.closed = true;
    await this.listener?.end().catch(() => {});
  }

  private push(msg: RelayMessage) {
    this.queue.push(msg);
    if (!this.flushing) void this.flush();
  }

  private async flush() {
    this.flushing = true;
    while (this.queue.length) {
      const batch = this.queue.splice(0);
      try {
        for (const payload of await this.pack(batch)) {
          await this.opts.executeSql("select pg_notify($1, $2)", [RELAY_CHANNEL, payload]);
        }
      } catch (err) {
        // The commit stands; sockets on other processes miss this event and catch up on refetch.
        this.opts.log.error({ err }, "realtime relay publish failed");
      }
    }
    this.flushing = false; // set synchronously after the last empty check: no message can be left behind
  }

  /** Packs messages into envelopes under the NOTIFY limit; a message too large alone goes to a row. */
  private async pack(batch: RelayMessage[]): Promise<string[]> {
    const out: string[] = [];
    let items: string[] = [];
    let size = 0;
    const base = Buffer.byteLength(`{"o":"${this.origin}","m":[]}`);
    const close = () => {
      if (items.length) out.push(`{"o":"${this.origin}","m":[${items.join(",")}]}`);
      items = [];
      size = 0;
    };
    for (const msg of batch) {
      let item = JSON.stringify(msg);
      let bytes = Buffer.byteLength(item);
      if (base + bytes > INLINE_BYTES) {
        item = String(await this.store(item));
        bytes = item.length;
      }
      if (base + size + bytes + 1 > INLINE_BYTES) close();
      items.push(item);
      size += bytes + 1;
    }
    close();
    return out;
  }

  private async store(body: string): Promise<number> {
    // Prune as we go: a row only has to live until every listener has read it (milliseconds).
    await this.opts.executeSql("delete from realtime_payloads where created_at < now() - interval '5 minutes'", []);
    const { rows } = await this.opts.executeSql("insert into realtime_payloads (body) values ($1) returning id", [
      body,
    ]);
    return Number((rows[0] as { id: string | number }).id);
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.opts.url });
    client.on("notification", (n) => {
      if (n.channel !== RELAY_CHANNEL || !n.payload) return;
      const payload = n.payload;
      // One at a time, in arrival order, even when a message must first be read from its row.
      this.inbound = this.inbound
        .then(() => this.receive(payload))
        .catch((err) => {
          this.opts.log.error({ err }, "realtime relay delivery failed");
        });
    });
    client.on("error", (err) => this.opts.log.warn({ err }, "realtime relay connection error"));
    client.on("end", () => {
      if (this.closed || this.listener !== client) return;
      this.listener = undefined;
      setTimeout(() => void this.reconnect(), 1000).unref();
    });
    await client.connect();
    await client.query(`listen ${RELAY_CHANNEL}`);
    this.listener = client;
    // Events may have been missed while the connection was down: once listening again, make this
    // process's clients reconnect and refetch (their refetch now sees everything from here on).
    if (this.everConnected) this.opts.hub.dropAll("realtime relay reconnected");
    this.everConnected = true;
  }

  private async reconnect() {
    for (let delay = 1000; !this.closed; delay = Math.min(delay * 2, 30_000)) {
      try {
        await this.connect();
        this.opts.log.info("realtime relay reconnected");
        return;
      } catch (err) {
        this.opts.log.warn({ err }, "realtime relay reconnect failed");
        await new Promise((r) => setTimeout(r, delay).unref());
      }
    }
  }

  private async receive(raw: string) {
    const env = JSON.parse(raw) as Envelope;
    if (env.o === this.origin) return; // delivered locally when it was emitted
    const ids = env.m.filter((m): m is number => typeof m === "number");
    const stored = new Map<number, RelayMessage>();
    if (ids.length) {
      const { rows } = await this.opts.executeSql("select id, body from realtime_payloads where id = any($1)", [ids]);
      for (const r of rows as { id: string | number; body: string }[]) stored.set(Number(r.id), JSON.parse(r.body));
    }
    for (const item of env.m) {
      const msg = typeof item === "number" ? stored.get(item) : item;
      if (!msg) continue;
      if (msg.k === "event") this.opts.bus.deliverRemote(msg.name, msg.payload);
      else this.opts.hub.disconnectLocalUser(msg.userId);
    }
  }
}

/**
 * Connects bus and hub to the other processes when the database is a PostgreSQL server. `listen`:
 * this process holds sockets (ROLE all or web); a worker only publishes.
 */
export async function startRelay(
  ctx: { database: Database; bus: EventBus; hub: RealtimeHub; log: Logger },
  opts: { listen: boolean },
): Promise<PgRelay | undefined> {
  if (ctx.database.driver !== "postgres" || !ctx.database.url) return undefined;
  const relay = new PgRelay({ url: ctx.database.url, executeSql: ctx.database.executeSql, ...ctx });
  ctx.bus.attachRelay(relay);
  ctx.hub.relayDisconnect = (userId) => relay.publishDisconnect(userId);
  if (opts.listen) await relay.listen();
  return relay;
}
