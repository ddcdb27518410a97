// Reads the JSON results of the test steps and prints one closing line: `tests: N passed, N failed`.
import { readFileSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
/** Failed steps that run no test (type check, lint, format, build), one failure each. */
const failedSteps = Number(process.argv[3] ?? 0);
let passed = 0;
let failed = failedSteps;
let skipped = 0;
const jest = join(dir, 'jest.json');
if (existsSync(jest)) {
  const r = JSON.parse(readFileSync(jest, 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0);
  skipped += r.numPendingTests + r.numTodoTests;
  console.log(
    `jest: ${r.numPassedTests} passed, ${r.numFailedTests} failed in ${r.numTotalTestSuites} suites`,
  );
} else {
  console.log('jest: no results');
  failed += 1;
}
for (const f of readdirSync(dir).filter(
  n => n.startsWith('e2e-') && n.endsWith('.json'),
)) {
  const r = JSON.parse(readFileSync(join(dir, f), 'utf8'));
  passed += r.passed;
  failed += r.failed;
  skipped += r.skipped ?? 0;
  console.log(`${f.slice(0, -5)}: ${r.passed} passed, ${r.failed} failed`);
}
console.log(
  `tests: ${passed} passed, ${failed} failed${
    skipped ? `, ${skipped} skipped` : ''
  }`,
);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
