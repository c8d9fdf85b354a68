import crypto from "node:crypto";
import type { SQL } from "drizzle-orm";
import type { PgDialect } from "drizzle-orm/pg-core";
import type { Db } from "./client";

/**
 * db.execute as a named (prepared) statement: node-postgres parses and analyses it once per pooled
 * connection and then only binds and runs it. For a long statement run on every request (the
 * knowledge search: a dozen CTEs, 40 % of its time was parse, analysis and planning) that is
 * ~13 % of the statement. The name is the text's hash, so each distinct text is its own statement
 * (a connection holds one per text: use it only for statements with a handful of texts, never for
 * SQL that varies with its data). PostgreSQL still plans each run for its values when that is
 * cheaper (plan_cache_mode auto). PGlite ignores the name. Inside a transaction it runs on the
 * transaction's connection, like db.execute.
 */
export async function executeNamed<R>(db: Db, prefix: string, query: SQL): Promise<{ rows: R[] }> {
  const { dialect, session } = db as unknown as {
    dialect: PgDialect;
    session: {
      prepareQuery(
        q: { sql: string; params: unknown[] },
        fields: undefined,
        name: string,
        arrayMode: boolean,
      ): { execute(): Promise<unknown> };
    };
  };
  const q = dialect.sqlToQuery(query);
  const name = `${prefix}_${crypto.createHash("sha1").update(q.sql).digest("hex").slice(0, 16)}`;
  return (await session.prepareQuery(q, undefined, name, false).execute()) as { rows: R[] };
}
