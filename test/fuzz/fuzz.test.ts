import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { REPO_ROOT } from './harness';
import { REPRODUCERS, runFuzz } from './fuzzer';
import { KNOWN_ISSUES } from './knownIssues';

// A bounded run with a fixed seed: the same cases every time. `npm run fuzz -- --cases N --seed S` runs longer.
const SEED = Number(process.env.FUZZ_SEED ?? 20260522);
const CASES = Number(process.env.FUZZ_CASES ?? 2000);

describe('fuzzing the bundled server and the CLI with mutated examples and fixtures', () => {
  test(`${CASES} cases (seed ${SEED}): no crash, no hang, no request over 1 s, ranges inside the document, every invalid file diagnosed`, { timeout: 15 * 60_000 }, async (t) => {
    const report = await runFuzz({
      seed: SEED,
      cases: CASES,
      scale: 'quick',
      requestsPerCase: 3,
      cliEvery: 25,
      // Past 1 s is a failure already; 2 s tells a hang from a slow answer without waiting long for either.
      hangMs: 2000,
      // Only new failures become reproducers; test/fuzz/regressions.test.ts replays them from then on.
      reproducerDir: REPRODUCERS,
    });
    t.diagnostic(
      `${report.cases} cases (${report.invalidCases} not valid YAML) in ${(report.ms / 1000).toFixed(1)} s; ${report.cliFiles} linted and ${report.exports} exported by the CLI; ` +
        `slowest: ${Object.entries(report.slowest).map(([what, ms]) => `${what} ${Math.round(ms)} ms`).join(', ')}`,
    );
    assert.equal(report.cases, CASES);
    assert.ok(report.invalidCases > CASES / 5 && report.invalidCases < CASES * 0.9, `a useful mix of valid and invalid files: ${report.invalidCases} invalid`);

    for (const issue of KNOWN_ISSUES) {
      const cases = report.failures.filter((failure) => failure.known?.includes(issue.id));
      if (!cases.length) continue;
      await t.test(`known issue ${issue.id}`, { todo: issue.summary }, () => {
        assert.fail(`${cases.length} cases, for example seed ${SEED} case ${cases[0].record.case}:\n${cases[0].record.problems.slice(0, 5).join('\n')}`);
      });
    }

    const fresh = report.failures.filter((failure) => !failure.known);
    assert.deepEqual(
      fresh.map((failure) => `${failure.reproducer ? path.relative(REPO_ROOT, failure.reproducer) : `case ${failure.record.case}`}:\n  ${failure.record.problems.join('\n  ')}`),
      [],
      'new failures (their reproducers are written to test/fuzz/reproducers/)',
    );
  });
});
