import * as assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { serialize } from 'node:v8';
import { defaultConfig, type LintConfig } from '../../server/src/core/config';
import { checkFile } from '../../server/src/core/workspace/workspaceChecker';
import { IndexCache, indexCacheFile, indexCacheFolder } from '../../server/src/node/indexCache';

const TEXT = [
  'competency: Service Orientation',
  'id: service-orientation',
  'questions:',
  '  - id: frustrated-user',
  '    text: Tell me about a time you helped a frustrated user.',
  '    areas_to_cover: [How they read the user]',
  '',
].join('\n');
const URI = 'file:///bank/service.competency.yaml';
const BUILD = { size: 1234, mtimeMs: 1_700_000_000_000 };
const STRICT: LintConfig = { ...defaultConfig, rules: { 'missing-follow-ups': { severity: 'error', options: {} } } };

describe('the index cache', () => {
  let folder: string;
  before(() => {
    folder = mkdtempSync(path.join(tmpdir(), 'cg-index-cache-'));
  });
  after(() => rmSync(folder, { recursive: true, force: true }));

  const checked = (text = TEXT, config = defaultConfig) => checkFile(URI, 'competency', text, { lint: true, config });

  test('a check kept by one session is what the next session gets, for the same text and config only', async () => {
    const file = indexCacheFile(path.join(folder, 'roundtrip'), BUILD);
    const first = new IndexCache(file);
    assert.equal(await first.size(), 0);
    assert.equal(await first.get(URI, TEXT, defaultConfig), undefined, 'nothing kept yet');
    const original = checked();
    first.put(URI, TEXT, defaultConfig, original);
    await first.save();

    const next = new IndexCache(file);
    assert.equal(await next.size(), 1);
    const kept = await next.get(URI, TEXT, defaultConfig);
    const { text: _text, ...expected } = original;
    assert.deepEqual(kept, expected);
    assert.ok(kept?.lineStarts instanceof Int32Array);
    assert.equal(await new IndexCache(file).get(URI, `${TEXT}# edited\n`, defaultConfig), undefined, 'another text');
    assert.equal(await new IndexCache(file).get(URI, TEXT, STRICT), undefined, 'another config');
    assert.equal(await new IndexCache(file).get('file:///bank/other.competency.yaml', TEXT, defaultConfig), undefined, 'another file');
  });

  test('a session keeps only the files it saw: found unchanged or checked again', async () => {
    const file = indexCacheFile(path.join(folder, 'seen'), BUILD);
    const first = new IndexCache(file);
    first.put(URI, TEXT, defaultConfig, checked());
    first.put('file:///bank/gone.competency.yaml', TEXT, defaultConfig, checked());
    await first.save();

    const second = new IndexCache(file);
    assert.ok(await second.get(URI, TEXT, defaultConfig));
    await second.save();
    const third = new IndexCache(file);
    assert.ok(await third.get(URI, TEXT, defaultConfig));
    assert.equal(await third.get('file:///bank/gone.competency.yaml', TEXT, defaultConfig), undefined, 'a file the second session did not see');
  });

  test('another build reads nothing of this one, and its save removes this build’s file', async () => {
    const cacheFolder = path.join(folder, 'builds');
    const old = indexCacheFile(cacheFolder, BUILD);
    const cache = new IndexCache(old);
    cache.put(URI, TEXT, defaultConfig, checked());
    await cache.save();
    const rebuilt = indexCacheFile(cacheFolder, { ...BUILD, mtimeMs: BUILD.mtimeMs + 1000 });
    assert.notEqual(rebuilt, old);
    const next = new IndexCache(rebuilt);
    assert.equal(await next.get(URI, TEXT, defaultConfig), undefined);
    next.put(URI, TEXT, defaultConfig, checked());
    await next.save();
    assert.deepEqual(readdirSync(cacheFolder), [path.basename(rebuilt)]);
  });

  test('a damaged or foreign file is read as an empty cache, and replaced', async () => {
    const cacheFolder = path.join(folder, 'damaged');
    mkdirSync(cacheFolder);
    const file = indexCacheFile(cacheFolder, BUILD);
    // Right text and config, but a check of the wrong shape: not taken for one.
    const hash = createHash('sha1').update(TEXT).digest('base64');
    const entry = (checked: unknown) => serialize({ format: 1, entries: [[URI, { hash, config: JSON.stringify(defaultConfig), checked }]] });
    const good = checked();
    const misshapen = [
      entry({ validation: 'none' }),
      entry({ ...good, summary: { ...good.summary, directives: undefined } }),
      entry({ ...good, summary: { ...good.summary, questions: [null] } }),
      entry({ ...good, lint: [{ ruleId: 'missing-follow-ups', message: 'm', range: { start: '0', end: 1 } }] }),
      entry({ ...good, layout: { starts: 'no' } }),
    ];
    for (const bytes of [Buffer.from('not a cache'), Buffer.alloc(0), Buffer.from([0xff, 0x0f, 0x6f, 0x22, 0x01]), ...misshapen]) {
      writeFileSync(file, bytes);
      const cache = new IndexCache(file);
      assert.equal(await cache.get(URI, TEXT, defaultConfig), undefined);
      cache.put(URI, TEXT, defaultConfig, checked());
      await cache.save();
      assert.ok(await new IndexCache(file).get(URI, TEXT, defaultConfig), 'replaced by a good one');
    }
  });

  test('a folder that cannot be written costs nothing but the keeping', { skip: process.getuid?.() === 0 ? 'root can write anywhere' : false }, async () => {
    const locked = path.join(folder, 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o500);
    try {
      const cache = new IndexCache(indexCacheFile(path.join(locked, 'inner'), BUILD));
      cache.put(URI, TEXT, defaultConfig, checked());
      await cache.save();
      assert.ok(!existsSync(path.join(locked, 'inner')));
    } finally {
      chmodSync(locked, 0o700);
    }
  });

  test('a path where a folder should be costs nothing but the keeping', async () => {
    const blocker = path.join(folder, 'blocker');
    writeFileSync(blocker, 'a file, not a folder');
    const cache = new IndexCache(indexCacheFile(path.join(blocker, 'cache'), BUILD));
    assert.equal(await cache.get(URI, TEXT, defaultConfig), undefined);
    cache.put(URI, TEXT, defaultConfig, checked());
    await cache.save();
    assert.equal(await new IndexCache(indexCacheFile(path.join(blocker, 'cache'), BUILD)).get(URI, TEXT, defaultConfig), undefined);
  });

  test('--index-cache=<folder> on the command line', () => {
    assert.equal(indexCacheFolder(['node', 'server.js', '--stdio', '--index-cache=/tmp/x']), '/tmp/x');
    assert.equal(indexCacheFolder(['node', 'server.js', '--index-cache=']), undefined);
    assert.equal(indexCacheFolder(['node', 'server.js']), undefined);
  });
});
