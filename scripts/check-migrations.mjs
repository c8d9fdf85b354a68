// Fails when the Drizzle schema and the committed migrations drift: generating must produce nothing.
import { spawnSync } from "node:child_process";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const status = () =>
  spawnSync("git", ["status", "--porcelain", "--", "migrations"], { cwd: root, encoding: "utf8" }).stdout.trim();
const before = status();
const r = spawnSync(path.join(root, "node_modules/.bin/drizzle-kit"), ["generate", "--config", "drizzle.config.ts"], {
  cwd: root,
  encoding: "utf8",
});
process.stdout.write(r.stdout);
if (r.status !== 0) {
  process.stderr.write(r.stderr);
  process.exit(1);
}
const after = status();
if (after !== before || /Your SQL migration file/.test(r.stdout)) {
  console.error("Schema and migrations have drifted: run `npm run db:generate` and commit the new migration.");
  spawnSync("git", ["checkout", "--", "migrations"], { cwd: root });
  spawnSync("git", ["clean", "-fdq", "--", "migrations"], { cwd: root });
  process.exit(1);
}
console.log("Migrations match the schema.");
