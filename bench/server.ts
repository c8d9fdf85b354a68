import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startServer } from "../server/src/app";
import { loadConfig } from "../server/src/config";
import { createLogger } from "../server/src/platform/logger";
import { freshDatabase } from "./lib";

/**
 * A server as deployed (production mode: no response-schema checks, which only run in dev and
 * tests) on PGlite in a temporary folder, or on a fresh database of BENCH_DATABASE_URL; `close`
 * stops it and removes both.
 */
export async function benchServer(driver: "postgres" | "pglite", env: Record<string, string> = {}) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sb-bench-"));
  const db = driver === "postgres" ? await freshDatabase(process.env.BENCH_DATABASE_URL!) : null;
  const config = loadConfig({
    NODE_ENV: "production",
    PORT: "0",
    HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    LOG_LEVEL: "silent",
    ...(db ? { DATABASE_URL: db.url } : {}),
    ...env,
  });
  // BENCH_LOG (e.g. warn) shows what the server logs, silent by default so tables stay readable.
  const server = await startServer(config, { log: createLogger(process.env.BENCH_LOG ?? "silent") });
  return {
    server,
    close: async () => {
      await server.close();
      await db?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
