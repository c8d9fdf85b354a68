import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { vector } from "@electric-sql/pglite-pgvector";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import pg from "pg";
import { advisoryLocks, type LockFn, processLocks } from "../locks";
import * as schema from "./schema";

export type Schema = typeof schema;
/** The database handle every query function takes first. A transaction is a Db too. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

/** Runs raw SQL for pg-boss; multi-statement SQL without parameters must go through PGlite's exec. */
export type ExecuteSql = (text: string, values?: unknown[]) => Promise<{ rows: unknown[] }>;
/** LISTEN for pg-boss on PGlite, so job pickup is immediate instead of polled. */
export type Listen = (
  channel: string,
  onNotification: (payload: string) => void,
  onReconnect: () => void,
) => Promise<{ close(): Promise<void> }>;

export interface Database {
  db: Db;
  driver: "pglite" | "postgres";
  executeSql: ExecuteSql;
  listen?: Listen;
  /**
   * A few connections reserved for webhook intake (one INSERT per request), so a burst of
   * background processing can never make a provider wait for its acknowledgement.
   */
  intakeSql: ExecuteSql;
  /**
   * A handle on two more reserved connections, for work due at a stored instant (the SLA alert
   * sweeper): the bookkeeping its own events cause (a reporting event per breach) queues on the main
   * pool, and waiting behind that queue made the sweep seconds late. The main handle on PGlite.
   */
  timedDb: Db;
  /** node-postgres connection string for components that open their own connections (LISTEN). */
  url?: string;
  /** A named lock across every process on this database (advisory lock; in-process on PGlite). */
  lock: LockFn;
  close(): Promise<void>;
}

export const migrationsFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../../migrations");

/**
 * Several processes may start together on one server (compose starts web and worker at once):
 * drizzle's migrator is not safe against itself, so it runs under a session advisory lock on one
 * connection. The first process applies the migrations; the others wait, then find nothing to do.
 */
async function migrateOnce(pool: pg.Pool) {
  const client = await pool.connect();
  const key = "hashtextextended('switchboard:migrations', 0)";
  let broken: Error | undefined;
  try {
    await client.query(`select pg_advisory_lock(${key})`);
    await migratePg(drizzlePg(client), { migrationsFolder });
  } finally {
    await client.query(`select pg_advisory_unlock(${key})`).catch((err: Error) => {
      broken = err;
    });
    client.release(broken);
  }
}

export async function openDatabase(opts: {
  url?: string;
  dataDir: string;
  poolSize?: number;
  memory?: boolean;
}): Promise<Database> {
  if (opts.url) {
    const pool = new pg.Pool({ connectionString: opts.url, max: opts.poolSize ?? 10 });
    pool.on("error", () => {}); // idle client errors are retried by the pool; queries still reject
    const db = drizzlePg(pool, { schema }) as unknown as Db;
    await migrateOnce(pool);
    const intake = new pg.Pool({ connectionString: opts.url, max: 4 });
    intake.on("error", () => {});
    const timed = new pg.Pool({ connectionString: opts.url, max: 2 });
    timed.on("error", () => {});
    return {
      db,
      timedDb: drizzlePg(timed, { schema }) as unknown as Db,
      driver: "postgres",
      url: opts.url,
      lock: advisoryLocks(pool),
      executeSql: async (text, values) => {
        const r = await pool.query(text, values as unknown[]);
        return { rows: r.rows };
      },
      intakeSql: async (text, values) => {
        const r = await intake.query(text, values as unknown[]);
        return { rows: r.rows };
      },
      close: async () => {
        await intake.end();
        await timed.end();
        await pool.end();
      },
    };
  }
  const dir = opts.memory ? "memory://" : path.join(opts.dataDir, "pglite");
  if (dir !== "memory://") fs.mkdirSync(dir, { recursive: true });
  // pg_trgm (knowledge-base typo matching) and pgvector (knowledge embeddings, from the separate
  // @electric-sql/pglite-pgvector package: PGlite 0.5 no longer bundles it) load only when asked;
  // the migrations then run CREATE EXTENSION as on a server.
  const client = await PGlite.create(dir, { extensions: { pg_trgm, vector } });
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  await migratePglite(drizzlePglite(client), { migrationsFolder });
  const executeSql: ExecuteSql = async (text, values) => {
    if (!values || values.length === 0) {
      const results = await client.exec(text);
      return { rows: results.at(-1)?.rows ?? [] };
    }
    const r = await client.query(text, values);
    return { rows: r.rows };
  };
  return {
    db,
    timedDb: db,
    driver: "pglite",
    executeSql,
    intakeSql: executeSql,
    lock: processLocks(),
    listen: async (channel, onNotification, onReconnect) => {
      const unsubscribe = await client.listen(channel, onNotification);
      onReconnect();
      return { close: () => unsubscribe() };
    },
    close: () => client.close(),
  };
}
