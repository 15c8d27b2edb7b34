import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import type { LintConfig } from '../../server/src/core/config';
import type { FileKind } from '../../server/src/core/fileKind';
import { checkFile, type CheckedFile } from '../../server/src/core/workspace/workspaceChecker';
import type { CheckPoolLike, RuntimeEnvironment } from '../../server/src/runtime';
import { LspTestClient, realTimer } from '../helpers/lspClient';

// More files than the server reads on its own thread: the pool below is used.
const FILES = 80;
const ROOT = 'file:///bank';
const uriOf = (i: number) => `${ROOT}/team/c-${String(i).padStart(3, '0')}.competency.yaml`;
const SUBJECTS = ['printer', 'laptop', 'badge', 'router', 'mailbox', 'database', 'firewall', 'tablet', 'scanner', 'license'];
const PEOPLE = ['a nurse', 'the CFO', 'an intern', 'a contractor', 'the night shift', 'a new hire', 'a reseller', 'an auditor'];

function competency(i: number, options: { followUps: boolean }): string {
  const subject = SUBJECTS[i % SUBJECTS.length];
  const person = PEOPLE[Math.floor(i / SUBJECTS.length) % PEOPLE.length];
  return [
    `competency: Support ${i}`,
    `id: c-${i}`,
    `summary: Keeping the ${subject} working for everyone.`,
    'questions:',
    `  - id: q-${i}`,
    `    text: Tell me about a time the ${subject} failed for ${person} in week ${i}.`,
    '    areas_to_cover: [What they checked first]',
    ...(options.followUps ? ['    follow_ups: [What did you learn?]'] : []),
    '',
  ].join('\n');
}

/** A pool whose checks finish only when the test lets them: the whole workspace is "being read" until then. */
class HeldPool implements CheckPoolLike {
  private readonly held: (() => void)[] = [];
  private waiting: { count: number; resolve: () => void } | undefined;

  check(uri: string, kind: FileKind, text: string, config: LintConfig): Promise<CheckedFile> {
    return new Promise((resolve) => {
      this.held.push(() => resolve(checkFile(uri, kind, text, { lint: true, config })));
      if (this.waiting && this.held.length >= this.waiting.count) this.waiting.resolve();
    });
  }

  /** Resolves once `count` checks have been asked for. */
  received(count: number): Promise<void> {
    if (this.held.length >= count) return Promise.resolve();
    return new Promise((resolve) => (this.waiting = { count, resolve }));
  }

  release(): void {
    for (const finish of this.held.splice(0)) finish();
  }

  async close(): Promise<void> {
    this.release();
  }
}

const codes = (diagnostics: Diagnostic[]) => diagnostics.map((d) => d.code);

test('a file opened, or changed on disk, while the workspace is read is checked at once; the older check of it read from disk is not taken', async () => {
  const disk = new Map(Array.from({ length: FILES }, (_, i) => [uriOf(i), competency(i, { followUps: true })]));
  const pool = new HeldPool();
  // Reads of each file, so the test can tell when the server has read a file again after a change on disk.
  const reads = new Map<string, number>();
  const readWaiters: { uri: string; count: number; resolve: () => void }[] = [];
  const readAgain = (uri: string) => new Promise<void>((resolve) => readWaiters.push({ uri, count: (reads.get(uri) ?? 0) + 1, resolve }));
  const runtime: RuntimeEnvironment = {
    readFile: async (uri) => {
      reads.set(uri, (reads.get(uri) ?? 0) + 1);
      for (const waiter of readWaiters) if (waiter.uri === uri && reads.get(uri)! >= waiter.count) waiter.resolve();
      return disk.get(uri);
    },
    listBankFiles: async () => [...disk.keys()],
    ruleDocsBase: 'file:///docs/rules',
    createCheckPool: () => pool,
    timer: realTimer,
  };
  const client = new LspTestClient({ lint: { run: 'onSave' }, validate: { delay: 0 } }, { runtime });
  try {
    await client.initialize(ROOT.replace('file://', ''));
    await pool.received(FILES);

    // Opened with unsaved text that lacks its follow-ups: its problems come now, not after eighty files.
    const opened = uriOf(30);
    await client.open(opened, competency(30, { followUps: false }));
    assert.deepEqual(codes(await client.nextPublish(opened, 1)), ['missing-follow-ups']);

    // Changed on disk (and not open): the new text is what counts, even though its older text is still in the pool.
    const changed = uriOf(40);
    disk.set(changed, competency(40, { followUps: false }));
    const reread = readAgain(changed);
    await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: changed, type: 2 }] });
    // Read again, and the check of that text queued (within the same turn of the event loop): only then does the
    // pool finish, so its older result arrives after the newer text and must be dropped.
    await reread;
    await new Promise((resolve) => setImmediate(resolve));

    // Every file is published once all checks have landed (nothing else is published while reading), but the open
    // one, published already: it is sent again only if its problems change.
    const mark = client.published.length;
    pool.release();
    const uris = Array.from({ length: FILES }, (_, i) => uriOf(i));
    await client.publishedSince(
      mark,
      uris.filter((uri) => uri !== opened),
    );
    const last = (uri: string) => client.published.filter((p) => p.uri === uri).at(-1)!.diagnostics;
    for (const uri of uris) {
      const expected = uri === opened || uri === changed ? ['missing-follow-ups'] : [];
      assert.deepEqual(codes(last(uri)), expected, uri);
    }
  } finally {
    await client.dispose();
  }
});
