import assert from 'node:assert/strict';
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { exportRunProblems, runCli } from './harness';
import { ReplayServers, lintCliCases, makeWorkspace, readReproducers, replayOnServers } from './fuzzer';
import { knownIssuesOf } from './knownIssues';

/**
 * Every case the fuzzer saved (test/fuzz/reproducers/<seed>-<case>.<kind>.yaml) replayed through the bundled server
 * and the CLI: once its bug is fixed it must stay fixed. A case of a known issue (knownIssues.ts) is a `todo` until then.
 */
describe('fuzz reproducers, replayed through the bundled server and the CLI', () => {
  const reproducers = readReproducers();
  let workspace: { root: string; bank: string };
  let servers: ReplayServers;
  /** What `lint` and `lint --fix` said about each reproducer, all linted together in one folder. */
  const linted = new Map<string, string[]>();
  const cliFolder = () => path.join(workspace.root, 'cli');

  before(async () => {
    workspace = makeWorkspace('cg-fuzz-regressions-');
    servers = new ReplayServers(workspace.bank);
    mkdirSync(cliFolder());
    const cases = reproducers.map(({ file }) => {
      cpSync(file, path.join(cliFolder(), path.basename(file)));
      return { file: path.join(cliFolder(), path.basename(file)) };
    });
    if (cases.length) for (const failure of await lintCliCases(cliFolder(), cases, 15_000)) linted.set(path.basename(failure.entry.file), failure.problems);
  });

  after(async () => {
    await servers.dispose();
    rmSync(workspace.root, { recursive: true, force: true });
  });

  test('the reproducers are read, each with its exact text', () => {
    for (const { file, record } of reproducers) assert.equal(typeof record.text, 'string', file);
  });

  for (const [i, { file, record }] of reproducers.entries()) {
    test(path.basename(file), { timeout: 120_000 }, async (t) => {
      const name = path.basename(file);
      const problems = await replayOnServers(servers, path.join(workspace.bank, name), record, { hangMs: 3000 });
      problems.push(...(linted.get(name) ?? []));
      const args = ['export', name, ...(i % 2 ? ['--format', 'md'] : [])];
      problems.push(...exportRunProblems(await runCli(args, cliFolder(), { timeoutMs: 15_000 })).map((p) => `cli ${args.join(' ')}: ${p}`));
      if (!problems.length) return;
      const known = knownIssuesOf(problems, record.text, record.mode, record.sinceSwitch);
      if (known) t.todo(`known issue ${known.map((issue) => issue.id).join(', ')}`);
      assert.fail(`${name} (${record.mutations.join(', ')} of ${record.source}) still fails:\n  ${problems.join('\n  ')}`);
    });
  }
});
