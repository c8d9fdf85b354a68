// Sums Vitest and Playwright JSON reports into the one line CI reads: "N passed, N failed".
import fs from "node:fs";

const firstLine = (m) =>
  String(m ?? "")
    .split("\n")
    .find((l) => l.trim()) ?? "";

let passed = 0;
let failed = 0;
const [vitestFile, playwrightFile] = process.argv.slice(2);
if (vitestFile && fs.existsSync(vitestFile)) {
  const v = JSON.parse(fs.readFileSync(vitestFile, "utf8"));
  passed += v.numPassedTests ?? 0;
  failed += v.numFailedTests ?? 0;
  // A file that fails to load has no failed test of its own: count it once.
  if (!v.numFailedTests && v.numFailedTestSuites) failed += v.numFailedTestSuites;
  console.log(
    `vitest: ${v.numPassedTests} passed, ${v.numFailedTests} failed, ${v.numFailedTestSuites ?? 0} failed files`,
  );
  // Name what failed, with the first line of its error: the CI log is often read only from its end.
  for (const file of v.testResults ?? []) {
    const rel = String(file.name ?? "").replace(`${process.cwd()}/`, "");
    const bad = (file.assertionResults ?? []).filter((a) => a.status === "failed");
    if (file.status === "failed" && bad.length === 0) console.log(`  FAILED FILE ${rel}: ${firstLine(file.message)}`);
    for (const a of bad) console.log(`  FAILED ${rel} › ${a.fullName}: ${firstLine(a.failureMessages?.[0])}`);
  }
} else {
  failed += 1;
  console.log("vitest: no report (the run did not finish)");
}
if (playwrightFile && fs.existsSync(playwrightFile)) {
  const p = JSON.parse(fs.readFileSync(playwrightFile, "utf8"));
  const s = p.stats ?? {};
  passed += (s.expected ?? 0) + (s.flaky ?? 0);
  failed += s.unexpected ?? 0;
  console.log(`playwright: ${s.expected ?? 0} passed, ${s.flaky ?? 0} flaky, ${s.unexpected ?? 0} failed`);
  // Per project (pglite, postgres): CI must show the journeys ran on the PostgreSQL server too.
  const perProject = new Map();
  const walk = (suite) => {
    for (const spec of suite.specs ?? [])
      for (const t of spec.tests ?? []) {
        const c = perProject.get(t.projectName) ?? { passed: 0, failed: 0, skipped: 0 };
        if (t.status === "expected" || t.status === "flaky") c.passed++;
        else if (t.status === "skipped") c.skipped++;
        else c.failed++;
        perProject.set(t.projectName, c);
      }
    for (const child of suite.suites ?? []) walk(child);
  };
  for (const suite of p.suites ?? []) walk(suite);
  for (const [name, c] of perProject)
    console.log(`  ${name}: ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped`);
  if (process.env.REQUIRE_POSTGRES === "1" && !(perProject.get("postgres")?.passed > 0)) {
    failed += 1;
    console.log("playwright: no journey passed on the PostgreSQL server (project postgres)");
  }
} else if (fs.existsSync("tests/e2e/playwright.config.ts")) {
  failed += 1;
  console.log("playwright: no report (the run did not finish)");
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
