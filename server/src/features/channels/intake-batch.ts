import type { ExecuteSql } from "../../platform/db/client";

/** One stored webhook delivery (or one part of it), as `webhook_events` takes it. */
export interface IntakeRow {
  channelType: string;
  channelId: string | null;
  eventKey: string;
  status: "pending" | "orphan";
  payload: string;
  summary: string;
  orderingKey: string;
}

/** Statements in flight at once: the intake pool's size (client.ts), so none waits for a connection. */
const MAX_IN_FLIGHT = 4;
/** Rows per statement: 7 parameters each, far below PostgreSQL's 65,535 and a quick statement still. */
const MAX_BATCH = 250;

interface Waiting {
  row: IntakeRow;
  resolve: (inserted: boolean) => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit for webhook intake. Each acknowledgement still waits for its own row to be committed
 * (nothing is acknowledged before it is durable), but requests that arrive while the intake
 * connections are busy share the next INSERT instead of queueing for a connection one commit at a
 * time: under a burst (Meta sends statuses by the thousand per second during a campaign) the
 * commits per second stop being the ceiling. With no burst a request gets its statement at once,
 * so a lone webhook waits no longer than before. Only requests in flight in this process are held
 * here, for the milliseconds of one statement; what is shared between processes stays in PostgreSQL.
 */
export class IntakeBatcher {
  private queue: Waiting[] = [];
  private inFlight = 0;

  constructor(private readonly exec: ExecuteSql) {}

  /** Resolves true if the row was new, false if the provider had sent this event before. */
  store(row: IntakeRow): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.queue.push({ row, resolve, reject });
      this.pump();
    });
  }

  private pump() {
    while (this.inFlight < MAX_IN_FLIGHT && this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_BATCH);
      this.inFlight++;
      void this.flush(batch).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  private async flush(batch: Waiting[]) {
    try {
      const inserted = await this.insert(batch.map((w) => w.row));
      settle(batch, inserted);
    } catch (err) {
      if (batch.length === 1) return batch[0]!.reject(err);
      // One row the database refuses must not fail the others: each is tried alone, and only the
      // request whose row is refused gets the error.
      await Promise.all(
        batch.map(async (w) => {
          try {
            settle([w], await this.insert([w.row]));
          } catch (e) {
            w.reject(e);
          }
        }),
      );
    }
  }

  /** The `(channel_type, event_key)` pairs this statement inserted. */
  private async insert(rows: IntakeRow[]): Promise<Set<string>> {
    const values: unknown[] = [];
    const tuples = rows.map((r) => {
      const at = values.length;
      values.push(r.channelType, r.channelId, r.eventKey, r.status, r.payload, r.summary, r.orderingKey);
      return `($${at + 1}, $${at + 2}, $${at + 3}, $${at + 4}, $${at + 5}, $${at + 6}, $${at + 7})`;
    });
    const res = await this.exec(
      `insert into webhook_events (channel_type, channel_id, event_key, status, payload, summary, ordering_key)
       values ${tuples.join(", ")} on conflict (channel_type, event_key) do nothing
       returning channel_type, event_key`,
      values,
    );
    return new Set((res.rows as { channel_type: string; event_key: string }[]).map((r) => pairKey(r)));
  }
}

const pairKey = (r: { channel_type: string; event_key: string }) => `${r.channel_type}\u0000${r.event_key}`;

/**
 * A key the statement inserted counts as new for the first request that carried it; a second copy
 * of the same event in the same batch (a provider retry racing the original) is a duplicate.
 */
function settle(batch: Waiting[], inserted: Set<string>) {
  for (const w of batch) {
    const key = pairKey({ channel_type: w.row.channelType, event_key: w.row.eventKey });
    const isNew = inserted.delete(key);
    w.resolve(isNew);
  }
}
