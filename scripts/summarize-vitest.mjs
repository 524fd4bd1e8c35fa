// Prints vitest's JSON report as the plain closing line CI reads: "N passed, M failed[, K skipped]".
import { readFileSync } from 'node:fs';

const file = process.argv[2] ?? 'test-results/vitest.json';
let report;
try {
  report = JSON.parse(readFileSync(file, 'utf8'));
} catch {
  console.log('0 passed, 1 failed');
  console.error(`no vitest report at ${file}`);
  process.exit(1);
}
const skipped = report.numPendingTests + report.numTodoTests;
const failed = report.numFailedTests + (report.numFailedTestSuites ?? 0) - countSuitesWithFailedTests(report);
console.log(`${report.numPassedTests} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || report.numPassedTests === 0 ? 1 : 0);

// A suite that failed only because its tests failed is already counted through those tests.
function countSuitesWithFailedTests(r) {
  return (r.testResults ?? []).filter((s) => s.status === 'failed' && (s.assertionResults ?? []).some((t) => t.status === 'failed')).length;
}
