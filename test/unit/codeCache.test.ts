import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { cacheName, codeCacheFolder, type CodeCacheStatus } from '../../server/src/node/codeCache';

const root = mkdtempSync(path.join(tmpdir(), 'cg-code-cache-'));
after(() => rmSync(root, { recursive: true, force: true }));

interface Run {
  status: CodeCacheStatus;
  /** What the bundle saw of itself: its __filename, __dirname, a relative require and `this`. */
  seen: { filename: string; dirname: string; helper: string; thisIsExports: boolean; variant?: number };
  /** 'written', the error that stopped the write, or 'none' when there was nothing to write. */
  written: string;
}

let runs = 0;

/** A bundle like ours: CommonJS, reading its own location and requiring a file beside it. */
function writeBundle(folder: string, body = ''): string {
  const file = path.join(folder, 'bundle.js');
  writeFileSync(path.join(folder, 'helper.js'), "module.exports = 'helper';\n");
  writeFileSync(
    file,
    `globalThis.codeCacheRun = { filename: __filename, dirname: __dirname, helper: require('./helper.js'), thisIsExports: this === module.exports };
module.exports.compute = function compute(n) { let total = 0; for (let i = 0; i < n; i++) total += i % 7; return total; };
module.exports.compute(1000);
${body}
`,
  );
  return file;
}

const RUNNER = `
const { runWithCodeCache } = require(${JSON.stringify(path.join(__dirname, '..', '..', 'server', 'src', 'node', 'codeCache.ts'))});
const [file, folder] = JSON.parse(process.argv[1]);
// The write is on an unreferenced timer, so it never keeps a process alive: hold this one open until it is done.
const open = setTimeout(() => undefined, 30000);
const report = (written) => {
  clearTimeout(open);
  console.log(JSON.stringify({ status, seen: globalThis.codeCacheRun, written }));
};
const status = runWithCodeCache(file, { folder, writeAfterMs: 0, onWritten: (error) => report(error ? String(error) : 'written') });
if (status === 'accepted' || status === 'off') report('none');
`;

/** One start, in a process of its own as every server start is: V8 would reuse its own compilation otherwise. */
function run(file: string, folder: string | undefined): Run {
  runs++;
  const child = spawnSync(process.execPath, ['--import', 'tsx', '-e', RUNNER, JSON.stringify([file, folder])], { encoding: 'utf8' });
  assert.equal(child.status, 0, child.stderr);
  return JSON.parse(child.stdout) as Run;
}

describe('code cache', () => {
  test('without a folder the bundle is required as usual', () => {
    const folder = mkdtempSync(path.join(root, 'off-'));
    const file = writeBundle(folder);
    const { status, seen } = run(file, undefined);
    assert.equal(status, 'off');
    assert.deepEqual(seen, { filename: file, dirname: folder, helper: 'helper', thisIsExports: true });
  });

  test('the first start writes a cache that the next start takes, and the bundle runs the same both times', () => {
    const folder = mkdtempSync(path.join(root, 'bundle-'));
    const cache = path.join(root, `cache-${runs}`, 'nested');
    const file = writeBundle(folder);
    const first = run(file, cache);
    assert.equal(first.status, 'created');
    assert.deepEqual(first.seen, { filename: file, dirname: folder, helper: 'helper', thisIsExports: true });
    assert.equal(first.written, 'written');
    const written = readdirSync(cache);
    assert.equal(written.length, 1, `one cache file, no partial one left: ${written.join(', ')}`);
    assert.match(written[0], /^bundle-\d+-\d+-v[\d.]+-\w+-\w+\.v8cache$/);

    const second = run(file, cache);
    assert.equal(second.status, 'accepted');
    assert.equal(second.written, 'none', 'an accepted cache is not written again');
    assert.deepEqual(second.seen, first.seen);
  });

  test('a damaged cache is refused, the bundle still runs, and the cache is replaced', () => {
    const folder = mkdtempSync(path.join(root, 'bundle-'));
    const cache = path.join(root, `cache-${runs}`);
    const file = writeBundle(folder);
    assert.equal(run(file, cache).written, 'written');
    const [name] = readdirSync(cache);
    const cacheFile = path.join(cache, name);
    const good = readFileSync(cacheFile);
    writeFileSync(cacheFile, Buffer.alloc(good.length, 7));

    const damaged = run(file, cache);
    assert.equal(damaged.status, 'rejected');
    assert.equal(damaged.seen.helper, 'helper');
    assert.equal(damaged.written, 'written');
    assert.equal(run(file, cache).status, 'accepted');
  });

  test('a rebuilt bundle of the same length never gets the old build’s cache', () => {
    const folder = mkdtempSync(path.join(root, 'bundle-'));
    const cache = path.join(root, `cache-${runs}`);
    const file = writeBundle(folder, 'globalThis.codeCacheRun.variant = 1;');
    assert.equal(run(file, cache).written, 'written');
    const before = cacheName(file);

    // Same length, other code, written a second later: V8 alone would take the old bytecode for it.
    writeBundle(folder, 'globalThis.codeCacheRun.variant = 2;');
    const later = new Date(Date.now() + 1000);
    utimesSync(file, later, later);
    assert.notEqual(cacheName(file), before);
    const [old] = readdirSync(cache);
    writeFileSync(path.join(cache, 'other-1-2-v20.0.0-x64-abc.v8cache'), 'another bundle');
    const rebuilt = run(file, cache);
    assert.equal(rebuilt.status, 'created');
    assert.equal(rebuilt.seen.variant, 2);
    // The old build's cache is of no more use: writing the new one removed it. Another bundle's stays.
    assert.equal(rebuilt.written, 'written');
    const left = readdirSync(cache).sort();
    assert.equal(left.length, 2, left.join(', '));
    assert.ok(!left.includes(old), 'the old build’s cache is gone');
    assert.equal(left[1], 'other-1-2-v20.0.0-x64-abc.v8cache');
  });

  test('a folder that cannot be written costs nothing but the cache', () => {
    const folder = mkdtempSync(path.join(root, 'bundle-'));
    const file = writeBundle(folder);
    const notAFolder = path.join(root, `file-${runs}`);
    writeFileSync(notAFolder, 'in the way');
    const blocked = run(file, path.join(notAFolder, 'cache'));
    assert.equal(blocked.status, 'created');
    assert.equal(blocked.seen.helper, 'helper');
    assert.match(blocked.written, /^Error/, 'the write failed and said so');
  });

  test('the folder is read from --code-cache=<folder>', () => {
    assert.equal(codeCacheFolder(['node', 'server.js', '--stdio', '--code-cache=/tmp/x y']), '/tmp/x y');
    assert.equal(codeCacheFolder(['node', 'server.js', '--code-cache=']), undefined);
    assert.equal(codeCacheFolder(['node', 'server.js', '--node-ipc']), undefined);
  });
});
