import { startServer } from "./app";
import { ConfigError, loadConfig } from "./config";
import { createLogger } from "./platform/logger";

async function main() {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(78);
    }
    throw err;
  }
  const log = createLogger(config.logLevel);
  const server = await startServer(config, { log });
  const db = config.databaseUrl ? "PostgreSQL (DATABASE_URL)" : `embedded PostgreSQL in ${config.dataDir}`;
  const lines = [``, `  Switchboard is running at ${config.publicUrl ?? server.url}`, `  Database: ${db}`];
  if (config.role !== "all")
    lines.push(`  Role: ${config.role}${config.role === "worker" ? " (jobs; /healthz and /readyz only)" : ""}`);
  const admin = server.bootstrap.admin;
  if (admin?.password) {
    lines.push(
      `  First admin created. Log in with:`,
      `    email:    ${admin.email}`,
      `    password: ${admin.password}   (shown once; change it in Settings)`,
    );
  } else if (admin) {
    lines.push(`  Admin ${admin.email} created from ADMIN_EMAIL / ADMIN_PASSWORD.`);
  } else if (!(await (await import("./features/agents")).countUsers(server.ctx.db))) {
    lines.push(`  Open the URL above to create the first admin.`);
  } else {
    lines.push(`  Log in with your account.`);
  }
  if (server.bootstrap.demo) lines.push(`  A demo workspace was added (set DEMO=0 to start empty).`);
  console.log(`${lines.join("\n")}\n`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "shutting down");
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    await server.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((err) => {
  console.error("Switchboard failed to start:", err);
  process.exit(1);
});
