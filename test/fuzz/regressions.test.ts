import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { makeWorkspace, readReproducers, replayReproducer } from './fuzzer';
import { knownIssuesOf } from './knownIssues';

/**
 * Every case the fuzzer saved (test/fuzz/reproducers/<seed>-<case>.<kind>.yaml) replayed through the bundled server
 * and the CLI: once its bug is fixed it must stay fixed. A case of a known issue (knownIssues.ts) is a `todo` until then.
 */
describe('fuzz reproducers, replayed through the bundled server and the CLI', () => {
  const reproducers = readReproducers();
  let workspace: { root: string; bank: string };

  before(() => {
    workspace = makeWorkspace('cg-fuzz-regressions-');
  });

  after(() => rmSync(workspace.root, { recursive: true, force: true }));

  test('the reproducers are read, each with its exact text', () => {
    for (const { file, record } of reproducers) assert.equal(typeof record.text, 'string', file);
  });

  for (const { file, record } of reproducers) {
    test(path.basename(file), { timeout: 180_000 }, async (t) => {
      const problems = await replayReproducer(workspace.bank, file, record, { hangMs: 3000 });
      if (!problems.length) return;
      const known = knownIssuesOf(problems, record.text, record.mode);
      if (known) t.todo(`known issue ${known.map((issue) => issue.id).join(', ')}`);
      assert.fail(`${path.basename(file)} (${record.mutations.join(', ')} of ${record.source}) still fails:\n  ${problems.join('\n  ')}`);
    });
  }
});
