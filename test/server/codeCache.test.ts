// The server as the extension starts it, with --code-cache: the first start writes V8's compiled code (its own and its
// check threads'), the next one runs from it, and both check a workspace exactly as a start without the cache does.
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { PARALLEL_FROM } from '../../server/src/runtime';
import { fileIn } from '../helpers/files';
import { copyExamples, fileUri, LspTestClient } from '../helpers/lspClient';

let folder: string;
let cache: string;
const uris: string[] = [];

/** Starts a server on the folder and returns what it published for every bank file once the folder was read. */
async function checkWorkspace(args: string[], keepRunningUntil?: Promise<unknown>): Promise<Map<string, Diagnostic[]>> {
  const client = new LspTestClient({ lint: { run: 'onSave' } }, { args });
  try {
    await client.initialize(folder);
    await client.publishedSince(0, uris, 60_000);
    await keepRunningUntil;
    return new Map(uris.map((uri) => [uri, client.published.filter((p) => p.uri === uri).at(-1)!.diagnostics]));
  } finally {
    await client.dispose();
  }
}

/** Resolves when a finished cache file (not a partial one) of the bundle is in the folder. */
function cacheWritten(bundle: 'serverMain' | 'checkWorker'): Promise<string> {
  return fileIn(cache, (name) => name.startsWith(`${bundle}-`) && name.endsWith('.v8cache'), `code cache of ${bundle}`);
}

describe('the server with a code cache', () => {
  before(() => {
    folder = mkdtempSync(path.join(tmpdir(), 'cg-code-cache-ws-'));
    cache = path.join(folder, '.cache');
    // Enough files that the folder is checked on worker threads too, which the bundle finds beside itself.
    uris.push(...copyExamples(folder, PARALLEL_FROM + 10).map(fileUri));
  });
  after(() => rmSync(folder, { recursive: true, force: true }));

  test('the first start writes the cache, the next one runs from it, and both report what a start without it does', async () => {
    const plain = await checkWorkspace([]);
    assert.ok([...plain.values()].some((diagnostics) => diagnostics.length > 0), 'the copies of the examples have cross-file problems');

    mkdirSync(cache);
    // The server writes it a while after it starts, when the first files have been checked: the session lasts until then.
    // So does one of the threads that check the folder's files, after its first few.
    const written = Promise.all([cacheWritten('serverMain'), cacheWritten('checkWorker')]);
    const first = await checkWorkspace([`--code-cache=${cache}`], written);
    assert.deepEqual(first, plain);
    const [name, workerName] = await written;
    assert.match(name, /^serverMain-\d+-\d+-v[\d.]+-\w+-\w+\.v8cache$/);
    assert.match(workerName, /^checkWorker-\d+-\d+-v[\d.]+-\w+-\w+\.v8cache$/);
    assert.ok(!readdirSync(cache).some((file) => file.endsWith('.partial')), 'no partial file left');

    // Taken, not written again: V8 accepted what the first start wrote.
    const workerCache = statSync(path.join(cache, workerName)).mtimeMs;
    const second = await checkWorkspace([`--code-cache=${cache}`]);
    assert.deepEqual(second, plain);
    assert.ok(existsSync(path.join(cache, name)));
    assert.equal(statSync(path.join(cache, workerName)).mtimeMs, workerCache);
  });
});
