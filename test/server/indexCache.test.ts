// The server as the extension starts it with a folder open, with --index-cache: the first session keeps its checks of
// the closed files, the next takes them back for the files that did not change, and every session reports exactly
// what a session without the cache reports.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, watch, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { PARALLEL_FROM } from '../../server/src/runtime';
import { copyExamples, fileUri, LspTestClient } from '../helpers/lspClient';

let folder: string;
let cache: string;
const files: string[] = [];

interface Session {
  diagnostics: Map<string, Diagnostic[]>;
  /** The server's own account of the read: how many files, how many unchanged. */
  read: string | undefined;
}

/** A session on the folder: what was published for every bank file once the folder was read. */
async function session(args: string[], until?: () => Promise<unknown>): Promise<Session> {
  const client = new LspTestClient({ lint: { run: 'onSave' } }, { args });
  try {
    await client.initialize(folder);
    const uris = files.map(fileUri);
    await client.publishedSince(0, uris, 60_000);
    await until?.();
    return {
      diagnostics: new Map(uris.map((uri) => [uri, client.published.filter((p) => p.uri === uri).at(-1)!.diagnostics])),
      read: client.logs.find((line) => line.startsWith('Read ')),
    };
  } finally {
    await client.dispose();
  }
}

/** Resolves when the cache file has been (re)written after `since` (ms since the epoch). */
function cacheSaved(since: number): () => Promise<void> {
  return () =>
    new Promise((resolve, reject) => {
      const saved = () => readdirSync(cache).some((name) => name.endsWith('.v8') && statMs(path.join(cache, name)) >= since);
      const watcher = watch(cache, () => {
        if (saved()) done(true);
      });
      const timer = setTimeout(() => done(false), 30_000);
      const done = (ok: boolean) => {
        clearTimeout(timer);
        watcher.close();
        if (ok) resolve();
        else reject(new Error(`the index cache in ${cache} was not saved within 30 s`));
      };
      if (saved()) done(true);
    });
}

function statMs(file: string): number {
  try {
    return Math.floor(statSync(file).mtimeMs);
  } catch {
    return 0;
  }
}

describe('the server with an index cache', () => {
  before(() => {
    folder = mkdtempSync(path.join(tmpdir(), 'cg-index-cache-ws-'));
    cache = path.join(folder, '.index-cache');
    mkdirSync(cache);
    // Enough files for the worker threads, as a large workspace has.
    files.push(...copyExamples(folder, PARALLEL_FROM + 10));
  });
  after(() => rmSync(folder, { recursive: true, force: true }));

  test('kept checks give what a fresh read gives, and a file changed between sessions is checked again', async () => {
    const plain = await session([]);
    assert.ok([...plain.diagnostics.values()].some((d) => d.length > 0), 'the copies of the examples have problems');
    assert.equal(plain.read, undefined, 'without a cache folder nothing is kept');

    const args = [`--index-cache=${cache}`];
    // Left running until it writes the checks on its own, a while after reading the workspace.
    const first = await session(args, cacheSaved(Date.now() - 1000));
    assert.deepEqual(first.diagnostics, plain.diagnostics);
    assert.equal(first.read, `Read ${files.length} bank files; 0 had not changed since they were last checked.`);

    // A competency loses the follow-ups of its first question, on disk, between sessions.
    const edited = files.find((file) => file.endsWith('service-orientation.competency.yaml'))!;
    const text = readFileSync(edited, 'utf8');
    const withoutFollowUps = text.replace(/\n    follow_ups:\n(      - .*\n)+/, '\n');
    assert.notEqual(withoutFollowUps, text);
    writeFileSync(edited, withoutFollowUps);
    const fresh = await session([]);
    assert.ok(fresh.diagnostics.get(fileUri(edited))!.some((d) => d.code === 'missing-follow-ups'));

    // Ended as soon as the workspace is read: the shutdown has the checks written before the server goes.
    const second = await session(args);
    assert.deepEqual(second.diagnostics, fresh.diagnostics, 'the edited file was checked again');
    assert.equal(second.read, `Read ${files.length} bank files; ${files.length - 1} had not changed since they were last checked.`);

    const third = await session(args);
    assert.deepEqual(third.diagnostics, fresh.diagnostics);
    assert.equal(third.read, `Read ${files.length} bank files; ${files.length} had not changed since they were last checked.`, 'the second session kept its check of the edited file');
  });
});
