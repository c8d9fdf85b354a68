import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const resultsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "results");

export function percentile(samples: number[], p: number): number {
  const s = [...samples].sort((a, b) => a - b);
  if (!s.length) return Number.NaN;
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}

export interface Row {
  case: string;
  [k: string]: string | number;
}

/** Prints a table and writes bench/results/<name>.json. */
export function report(name: string, rows: Row[], meta: Record<string, unknown> = {}) {
  fs.mkdirSync(resultsDir, { recursive: true });
  fs.writeFileSync(
    path.join(resultsDir, `${name}.json`),
    JSON.stringify({ name, at: new Date().toISOString(), meta, rows }, null, 2),
  );
  console.log(`\n## ${name}`);
  if (Object.keys(meta).length)
    console.log(
      Object.entries(meta)
        .map(([k, v]) => `${k}: ${v}`)
        .join(" · "),
    );
  console.table(rows);
}

export const ms = (n: number) => Math.round(n * 100) / 100;

/** A database of its own on the benchmark server, dropped afterwards. */
export async function freshDatabase(base: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const { default: pg } = await import("pg");
  const { randomBytes } = await import("node:crypto");
  const name = `sb_bench_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(base);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}
