// The server as the extension starts it with a folder open, with --index-cache: the first session keeps its checks of
// the closed files, the next takes them back for the files that did not change, and every session reports exactly
// what a session without the cache reports.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { defaultConfig } from '../../server/src/core/config';
import { checkFile } from '../../server/src/core/workspace/workspaceChecker';
import { PARALLEL_FROM, type IndexCacheLike, type RuntimeEnvironment } from '../../server/src/runtime';
import { fileIn } from '../helpers/files';
import { copyExamples, fileUri, LspTestClient, realTimer, REPO_ROOT } from '../helpers/lspClient';

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
function cacheSaved(since: number): () => Promise<unknown> {
  return () => fileIn(cache, (name) => name.endsWith('.v8') && statSync(path.join(cache, name)).mtimeMs >= since, 'index cache');
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

/** A server of this process on `files` (all with `text`), whose index cache answers with `kept`. */
function keptFrom(files: string[], text: string, kept: (uri: string) => unknown): RuntimeEnvironment {
  const cache: IndexCacheLike = {
    get: async (uri) => kept(uri) as Awaited<ReturnType<IndexCacheLike['get']>>,
    size: async () => 1,
    put: () => undefined,
    save: async () => undefined,
  };
  return {
    readFile: async (uri) => (files.includes(uri) ? text : undefined),
    listBankFiles: async () => files,
    ruleDocsBase: 'file:///docs/rules',
    indexCache: cache,
    timer: realTimer,
  };
}

/** An example bank with one misspelt key: a schema problem whatever the kept check says. */
const SCHEMA_BROKEN = readFileSync(path.join(REPO_ROOT, 'examples', 'service-orientation.competency.yaml'), 'utf8').replace('follow_ups:', 'follow_up:');

test('a kept check the server cannot take (damaged, yet shaped like one) is replaced by a fresh check of the file', async () => {
  const uri = 'file:///bank/kept.competency.yaml';
  const text = SCHEMA_BROKEN;
  // Its summary is gone: the index cannot take it.
  const damaged = { ...checkFile(uri, 'competency', text, { lint: true, config: defaultConfig }), summary: null };
  const client = new LspTestClient({ lint: { run: 'onSave' }, validate: { delay: 0 } }, { runtime: keptFrom([uri], text, () => damaged) });
  try {
    await client.initialize('/bank');
    const diagnostics = await client.diagnostics(uri, (d) => d.length > 0);
    assert.ok(diagnostics.some((d) => d.code === 'schema'), JSON.stringify(diagnostics));
    assert.ok(client.logs.some((line) => line.includes('could not be used')), client.logs.join('\n'));
  } finally {
    await client.dispose();
  }
});

test('a file whose problems cannot be worked out is reported in the log, and every other file still gets its problems', async () => {
  const broken = 'file:///bank/broken.competency.yaml';
  const fine = 'file:///bank/fine.competency.yaml';
  const text = SCHEMA_BROKEN;
  const good = checkFile(broken, 'competency', text, { lint: true, config: defaultConfig });
  // Taken into the index, but its suppression comments are not a list: working out its problems throws.
  const damaged = { ...good, summary: { ...good.summary, directives: 'none' } };
  const client = new LspTestClient({ lint: { run: 'onSave' }, validate: { delay: 0 } }, { runtime: keptFrom([broken, fine], text, (uri) => (uri === broken ? damaged : undefined)) });
  try {
    await client.initialize('/bank');
    const diagnostics = await client.diagnostics(fine, (d) => d.length > 0);
    assert.ok(diagnostics.some((d) => d.code === 'schema'));
    assert.ok(client.logs.some((line) => line.startsWith(`Publishing the problems of ${broken} failed`)), client.logs.join('\n'));
  } finally {
    await client.dispose();
  }
});
