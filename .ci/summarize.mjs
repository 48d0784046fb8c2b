// Totals every test runner's JSON report (vitest, Playwright e2e and electron) into the one closing
// line CI reads: `N passed, N failed, N skipped`. A runner that did not get to run (an earlier step
// failed) is named, so a red run that executed no test is visible as such.
import { existsSync, readFileSync } from 'node:fs';

const status = Number(process.argv[2] ?? 0);
const reports = {
  vitest: 'test-results/vitest.json',
  'playwright e2e': 'test-results/playwright-e2e.json',
  'playwright electron': 'test-results/playwright-electron.json',
};

let passed = 0;
let failed = 0;
let skipped = 0;
for (const [runner, file] of Object.entries(reports)) {
  if (!existsSync(file)) {
    console.log(`${runner}: did not run (no ${file})`);
    continue;
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  let p;
  let f;
  let s;
  if (runner === 'vitest') {
    p = report.numPassedTests ?? 0;
    f = (report.numFailedTests ?? 0) + (report.numTotalTestSuites > 0 && report.success === false && report.numFailedTests === 0 ? 1 : 0);
    s = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  } else {
    const stats = report.stats ?? {};
    p = (stats.expected ?? 0) + (stats.flaky ?? 0);
    f = stats.unexpected ?? 0;
    s = stats.skipped ?? 0;
    if ((report.errors ?? []).length > 0) f += report.errors.length;
  }
  console.log(`${runner}: ${p} passed, ${f} failed, ${s} skipped`);
  passed += p;
  failed += f;
  skipped += s;
}
if (status !== 0 && failed === 0) {
  console.log(`npm test exited with ${status} before or outside the test runners (typecheck, lint or build)`);
  failed += 1;
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
