import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@switchboard/contracts": path.resolve("contracts/src/index.ts") } },
  test: {
    include: ["server/**/*.test.ts", "contracts/**/*.test.ts", "widget/**/*.test.ts", "web/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    maxWorkers: 2,
  },
});
