// Sums Vitest and Playwright JSON reports into the one line CI reads: "N passed, N failed".
import fs from "node:fs";

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
} else if (fs.existsSync("tests/e2e/playwright.config.ts")) {
  failed += 1;
  console.log("playwright: no report (the run did not finish)");
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
