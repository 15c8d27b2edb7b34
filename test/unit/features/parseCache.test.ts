import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ParseCache } from '../../../server/src/core/parseCache';

test('the parse cache parses once per document version and keeps the last few', () => {
  const cache = new ParseCache(2);
  const a1 = cache.get('file:///a.competency.yaml', 1, 'id: a\n')!;
  assert.equal(cache.get('file:///a.competency.yaml', 1, 'id: a\n'), a1, 'same version: same parse');
  const a2 = cache.get('file:///a.competency.yaml', 2, 'id: b\n')!;
  assert.notEqual(a2, a1);
  assert.equal(a2.model.id, 'b');
  assert.equal(a2.summary(), a2.summary(), 'the summary is computed once');
  cache.get('file:///b.guide.yaml', 1, 'id: g\n');
  cache.get('file:///c.guide.yaml', 1, 'id: h\n');
  assert.equal(cache.size, 2);
  assert.equal(cache.summary('file:///a.competency.yaml', 2, 'id: b\n')?.id, 'b', 'a summary survives its parse leaving the cache');
  assert.equal(cache.get('file:///notes.yaml', 1, 'a: b\n'), undefined, 'only bank files');
  cache.clear();
  assert.equal(cache.size, 0);
});
