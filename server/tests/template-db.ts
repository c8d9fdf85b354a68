import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { vector } from "@electric-sql/pglite-pgvector";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import pg from "pg";
import { migrationsFolder } from "../src/platform/db/client";

/*
 * Migrated templates, so a test server does not replay every migration on its fresh database (a
 * PGlite boot is mostly migrations). The template is the database right after the migrations and
 * nothing else: bootstrap (first admin, default flow, pg-boss) still runs on every boot. Its name
 * carries a hash of the migrations and of the driver versions, so a changed migration builds a new
 * one. Tests of migrations or of a first boot ask for `{ empty: true }` and get an empty database.
 */

function listFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]))
    .sort();
}

let key: string | undefined;
/** Hash of the migrations folder and the versions of PGlite, pgvector and drizzle. */
export function templateKey(): string {
  if (key) return key;
  const h = crypto.createHash("sha256");
  // Read from node_modules directly: these packages do not export their package.json.
  const modules = path.join(path.dirname(migrationsFolder), "node_modules");
  for (const pkg of ["@electric-sql/pglite", "@electric-sql/pglite-pgvector", "drizzle-orm"]) {
    const { version } = JSON.parse(fs.readFileSync(path.join(modules, pkg, "package.json"), "utf8"));
    h.update(`${pkg}@${version}\n`);
  }
  for (const file of listFiles(migrationsFolder)) {
    h.update(path.relative(migrationsFolder, file));
    h.update(fs.readFileSync(file));
  }
  key = h.digest("hex").slice(0, 16);
  return key;
}

let pgliteTemplate: Promise<string> | undefined;
/**
 * A PGlite data directory with every migration applied, built once per machine and key. Workers
 * that race each build their own in a temp directory and rename it into place: the rename is
 * atomic, the loser deletes its copy, and a reader never sees a half-built directory.
 */
export function pgliteTemplateDir(): Promise<string> {
  pgliteTemplate ??= (async () => {
    const final = path.join(os.tmpdir(), `sb-pglite-template-${templateKey()}`);
    if (fs.existsSync(final)) return final;
    const tmp = fs.mkdtempSync(`${final}.building-`);
    const client = await PGlite.create(tmp, { extensions: { pg_trgm, vector } });
    await migratePglite(drizzlePglite(client), { migrationsFolder });
    await client.close();
    try {
      fs.renameSync(tmp, final);
    } catch (err) {
      fs.rmSync(tmp, { recursive: true, force: true });
      if (!fs.existsSync(final)) throw err;
    }
    return final;
  })();
  return pgliteTemplate;
}

/** Copies the migrated PGlite template to `<dataDir>/pglite`, where the server opens its database. */
export async function seedPglite(dataDir: string): Promise<void> {
  fs.cpSync(await pgliteTemplateDir(), path.join(dataDir, "pglite"), { recursive: true });
}

let pgTemplate: Promise<string> | undefined;
/**
 * A migrated template database on the server named by the key. Built under an advisory lock so
 * concurrent workers (and engineers sharing the server) build it once; it is migrated under a
 * temporary name and renamed when complete, so an existing template is always a whole one.
 */
export function postgresTemplate(base: string): Promise<string> {
  pgTemplate ??= (async () => {
    const name = `sb_tpl_${templateKey()}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    try {
      await admin.query("select pg_advisory_lock(hashtext('switchboard:test-template'))");
      const found = await admin.query("select 1 from pg_database where datname = $1", [name]);
      if (found.rowCount === 0) {
        const building = `${name}_building`;
        await admin.query(`drop database if exists ${building} with (force)`);
        await admin.query(`create database ${building}`);
        const u = new URL(base);
        u.pathname = `/${building}`;
        const client = new pg.Client({ connectionString: u.toString() });
        await client.connect();
        try {
          await migratePg(drizzlePg(client), { migrationsFolder });
        } finally {
          await client.end();
        }
        await admin.query(`alter database ${building} rename to ${name}`);
      }
    } finally {
      await admin.query("select pg_advisory_unlock(hashtext('switchboard:test-template'))").catch(() => {});
      await admin.end();
    }
    return name;
  })();
  return pgTemplate;
}
