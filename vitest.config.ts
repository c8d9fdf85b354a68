import os from "node:os";
import path from "node:path";
import react from "@vitejs/plugin-react";
import { configDefaults, defineConfig } from "vitest/config";

// The Zod-free part of the contracts first: it is a prefix of the next alias.
const alias = {
  "@switchboard/contracts/values": path.resolve("contracts/src/values.ts"),
  "@switchboard/contracts": path.resolve("contracts/src/index.ts"),
  "@": path.resolve("web/src"),
};

export default defineConfig({
  resolve: { alias },
  test: {
    testTimeout: 30_000,
    // Each file boots a server on a new database; on a busy 2-core machine that alone can take a minute.
    hookTimeout: 180_000,
    pool: "forks",
    // Twice the cores: an integration file spends most of its time waiting (on the database, a
    // child server, a fake's answer, a job's poll), so two files per core keep both cores busy.
    // Measured on 2 cores: 2 workers kept ~1.1 files running on average, and the tree used 0.7 cores.
    maxWorkers: Math.max(2, os.availableParallelism() * 2),
    projects: [
      {
        // Pure unit files beside the code (parsers, formatters, planners: no server, no database, no
        // mocks, no environment changes): one worker thread runs them all without a fresh module
        // graph per file, which is most of their cost.
        extends: true,
        test: {
          name: "unit",
          include: ["server/src/**/*.test.ts", "contracts/**/*.test.ts"],
          environment: "node",
          pool: "threads",
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: "server",
          include: ["server/**/*.test.ts"],
          exclude: [...configDefaults.exclude, "server/src/**"],
          environment: "node",
        },
      },
      {
        // Component tests of the console and the widget: a DOM (happy-dom) only where it is needed,
        // so the server suites keep the plain Node environment.
        extends: true,
        plugins: [react()],
        test: {
          name: "dom",
          include: ["web/**/*.test.{ts,tsx}", "widget/**/*.test.ts"],
          environment: "happy-dom",
          environmentOptions: { happyDOM: { url: "http://localhost:5000/" } },
          setupFiles: ["web/tests/setup.ts"],
        },
      },
    ],
  },
});
