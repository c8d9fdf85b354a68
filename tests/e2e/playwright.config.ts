import { defineConfig } from "@playwright/test";

// Every journey runs on embedded PGlite and, when a PostgreSQL server is given (TEST_DATABASE_URL,
// set by .ci/run), again on a fresh database of that server. CI (REQUIRE_POSTGRES=1) refuses to
// quietly drop the second run.
const onServer = !!process.env.TEST_DATABASE_URL;
if (process.env.REQUIRE_POSTGRES === "1" && !onServer)
  throw new Error("REQUIRE_POSTGRES=1 but TEST_DATABASE_URL is not set: the journeys cannot run on PostgreSQL");

export default defineConfig({
  testDir: ".",
  testMatch: /.*\.spec\.ts/,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  // Two spec files at a time: each has its own server (own port, own database), and a journey spends
  // most of its time waiting on the page, so two keep a 2-core machine busy where one left it half idle.
  workers: Number(process.env.E2E_WORKERS ?? 2),
  retries: 0,
  reporter: process.env.CI ? [["list"], ["json"]] : [["list"]],
  outputDir: "../../test-results",
  projects: [
    { name: "pglite", metadata: { database: "pglite" } },
    ...(onServer ? [{ name: "postgres", metadata: { database: "postgres" } }] : []),
  ],
  use: {
    headless: true,
    viewport: { width: 1280, height: 800 },
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--disable-sync",
        "--disable-quic",
      ],
    },
  },
});
