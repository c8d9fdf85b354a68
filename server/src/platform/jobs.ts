import { PgBoss } from "pg-boss";
import type { z } from "zod";
import type { Database } from "./db/client";
import type { Logger } from "./logger";

/**
 * Crash recovery for every job: a running job proves it is alive with a heartbeat every
 * HEARTBEAT_SECONDS / 2 (pg-boss refreshes it while the handler runs). After a `kill -9` the
 * heartbeat stops, and the supervisor (every SUPERVISE_SECONDS) fails the job and lets it retry, so
 * a stately queue's singleton slot frees within about 15 s instead of the 15-minute default expiry.
 * 10 s is pg-boss's minimum heartbeat. The expiry stays as an upper bound on one run.
 */
const HEARTBEAT_SECONDS = 10;
const SUPERVISE_SECONDS = 5;
const DEFAULT_EXPIRE_SECONDS = 5 * 60;

/** A job: a name, a Zod payload schema and a handler. Handlers must be idempotent (jobs can run twice). */
export interface JobDefinition<S extends z.ZodType> {
  name: string;
  schema: S;
  retryLimit?: number;
  retryDelaySeconds?: number;
  retryDelayMaxSeconds?: number;
  /**
   * `key_strict_fifo` keeps jobs with the same singletonKey in order; `stately` allows one waiting
   * and one running job per singletonKey; `short` one waiting job per singletonKey.
   */
  policy?: "standard" | "key_strict_fifo" | "stately" | "short";
  /** Longest one run may take before it is failed and retried (heartbeats catch crashes much sooner). */
  expireInSeconds?: number;
  /** Independent workers polling this queue in this process (each settles its own batches). */
  workers?: number;
  /** Jobs of one fetched batch processed at the same time. */
  concurrency?: number;
  batchSize?: number;
  /**
   * How often idle workers look for jobs (seconds). NOTIFY wakes a waiting worker at once, but a
   * job created while every worker is busy waits for the next look: latency-critical queues poll faster.
   */
  pollingIntervalSeconds?: number;
  /** `signal` aborts when the job's claim is gone (a missed heartbeat, shutdown): stop early. */
  /**
   * `lastAttempt`: no retry follows if this run throws. A job whose work must end in a state a
   * person can see (an import, a send) records its failure then instead of staying "running".
   */
  handler: (payload: z.infer<S>, job: { signal: AbortSignal; lastAttempt: boolean }) => Promise<void>;
}

/**
 * What a producer needs to queue a job: its name and payload schema. A full JobDefinition is one,
 * and so is a producer-side handle kept apart from the handler (to keep the module graph acyclic).
 */
export type JobHandle<S extends z.ZodType> = Pick<JobDefinition<S>, "name" | "schema">;

export function defineJob<S extends z.ZodType>(def: JobDefinition<S>): JobDefinition<S> {
  return def;
}

export class Jobs {
  private readonly defs = new Map<string, JobDefinition<z.ZodType>>();
  private readonly boss: PgBoss;
  private started = false;
  private working = false;
  /** Handlers run in this process by sendAndRun, awaited by stop(). */
  private readonly inline = new Set<Promise<void>>();
  private readonly stopping = new AbortController();
  private static readonly options = {
    schema: "pgboss",
    useListenNotify: true,
    // Expiry and heartbeat checks run on the supervisor's pass (default: every 60 s).
    superviseIntervalSeconds: SUPERVISE_SECONDS,
    monitorIntervalSeconds: SUPERVISE_SECONDS,
    // Fetches of stately queues skip the keys that the last pass saw active, as cached here
    // (default: a minute): a retried job of a crashed process would wait that long.
    queueCacheIntervalSeconds: SUPERVISE_SECONDS,
  };

  constructor(
    database: Database,
    private readonly log: Logger,
  ) {
    this.boss =
      database.driver === "postgres" && database.url
        ? new PgBoss({ connectionString: database.url, max: 8, ...Jobs.options })
        : new PgBoss({ db: { executeSql: database.executeSql, listen: database.listen }, ...Jobs.options });
    this.boss.on("error", (err) => this.log.error({ err }, "job queue error"));
  }

  register<S extends z.ZodType>(def: JobDefinition<S>): void {
    this.defs.set(def.name, def as unknown as JobDefinition<z.ZodType>);
  }

  /**
   * `work: false` (ROLE=web): queues are created and jobs can be sent, but this process runs no
   * handlers; the worker processes fetch them (pg-boss SKIP LOCKED: each job runs in one of them).
   */
  async start(opts: { work?: boolean } = {}): Promise<void> {
    await this.boss.start();
    this.started = true;
    this.working = opts.work !== false;
    for (const def of this.defs.values()) {
      const options = {
        retryLimit: def.retryLimit ?? 5,
        retryDelay: def.retryDelaySeconds ?? 5,
        retryBackoff: true,
        retryDelayMax: def.retryDelayMaxSeconds ?? 3600,
        expireInSeconds: def.expireInSeconds ?? DEFAULT_EXPIRE_SECONDS,
        heartbeatSeconds: HEARTBEAT_SECONDS,
        // Workers wake on NOTIFY the moment a job is created; polling stays as a backstop.
        notify: true,
      };
      await this.boss.createQueue(def.name, { ...options, policy: def.policy ?? "standard" });
      // createQueue leaves an existing queue as it was: bring queues created by an older version
      // (15-minute expiry, no heartbeat) to the current settings.
      await this.boss.updateQueue(def.name, options);
      if (opts.work === false) continue;
      // Batches with per-job results: a busy queue is drained back-to-back (burst), one failing
      // job is retried on its own, and the rest of its batch completes.
      await this.boss.work(
        def.name,
        {
          pollingIntervalSeconds: def.pollingIntervalSeconds ?? 1,
          notifyPollingIntervalSeconds: Math.max(
            def.pollingIntervalSeconds ?? 1,
            2 * (def.pollingIntervalSeconds ?? 1),
          ),
          batchSize: def.batchSize ?? 16,
          burstWhenBatchFull: true,
          perJobResults: true,
          includeMetadata: true,
          localConcurrency: def.workers ?? 1,
        },
        async (jobs) => {
          const results: { id: string; status: "completed" | "failed"; output?: object }[] = [];
          const queue = [...jobs];
          const runOne = async () => {
            for (let job = queue.shift(); job; job = queue.shift()) {
              const parsed = def.schema.safeParse(job.data);
              if (!parsed.success) {
                // A payload that does not parse will never parse: log and drop rather than retry forever.
                this.log.error(
                  { job: def.name, id: job.id, issues: parsed.error.issues },
                  "job payload invalid; dropped",
                );
                results.push({ id: job.id, status: "completed" });
                continue;
              }
              try {
                await def.handler(parsed.data, { signal: job.signal, lastAttempt: job.retryCount >= job.retryLimit });
                results.push({ id: job.id, status: "completed" });
              } catch (err) {
                this.log.warn({ job: def.name, id: job.id, err }, "job failed; will retry");
                results.push({ id: job.id, status: "failed", output: { message: (err as Error).message } });
              }
            }
          };
          await Promise.all(Array.from({ length: Math.min(def.concurrency ?? 1, jobs.length) }, runOne));
          return results;
        },
      );
    }
  }

  /** Typed producer: the payload is checked against the job's schema before it is queued. */
  async send<S extends z.ZodType>(
    def: JobHandle<S>,
    payload: z.infer<S>,
    opts: { startAfter?: Date; singletonKey?: string } = {},
  ) {
    if (!this.started) throw new Error("jobs not started");
    const data = def.schema.parse(payload) as object;
    return this.boss.send(def.name, data, opts);
  }

  /**
   * Queue a job and run its handler in this process at once, for work a person is waiting on (the
   * AI's answer): a queue hop costs a NOTIFY, a fetch and a worker slot, several milliseconds and
   * far more when the workers are busy. The queued job is the durable backstop: sent first, to
   * start `backstopSeconds` later under its own singleton key (`<key>:backstop`, so it never
   * swallows a delayed job of the main key), it runs the handler again if this process dies or the
   * inline run throws. Handlers are idempotent (all are), so the backstop's second run finds the
   * work done. Falls back to a plain send when this process runs no handlers (ROLE=web), the job is
   * not registered here, or `limit` inline runs are already in flight (then the workers pace it).
   */
  async sendAndRun<S extends z.ZodType>(
    def: JobHandle<S>,
    payload: z.infer<S>,
    opts: { singletonKey: string; backstopSeconds: number; limit: number },
  ): Promise<void> {
    const full = this.defs.get(def.name);
    if (!this.working || !full || this.inline.size >= opts.limit) {
      await this.send(def, payload, { singletonKey: opts.singletonKey });
      return;
    }
    const data = def.schema.parse(payload);
    // The backstop's insert and the run start together: the run does not wait for it. The window
    // this leaves (a crash before the insert commits) is the one any send after a commit has.
    const backstop = this.send(def, data, {
      singletonKey: `${opts.singletonKey}:backstop`,
      startAfter: new Date(Date.now() + opts.backstopSeconds * 1000),
    });
    const run = full
      .handler(data, { signal: this.stopping.signal, lastAttempt: false })
      .catch((err) => this.log.warn({ job: def.name, err }, "inline run failed; the queued job retries it"))
      .finally(() => this.inline.delete(run));
    this.inline.add(run);
    await Promise.all([backstop, run]);
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    if (this.inline.size) {
      await Promise.race([Promise.allSettled([...this.inline]), new Promise((r) => setTimeout(r, 3000).unref())]);
    }
    if (this.started) await this.boss.stop({ graceful: true, timeout: 3000 });
    this.started = false;
  }
}
