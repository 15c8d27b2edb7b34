import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withGroupedDigits } from '../../server/src/core/text/groupedDigits';
import { seededRandom } from '../helpers/random';

test('whole numbers are written as toLocaleString writes them in en-US', () => {
  const rng = seededRandom(7);
  const values = [0, 1, -1, 12, 999, 1000, -1000, 5000, 65536, 999_999, 1_000_000, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER];
  for (let i = 0; i < 2000; i++) values.push(Math.floor(rng.next() * 10 ** Math.floor(rng.next() * 16)) * (rng.next() < 0.2 ? -1 : 1) + 0);
  for (const value of values) assert.equal(withGroupedDigits(value), value.toLocaleString('en-US'), String(value));
});

test('a number that is not a safe whole number is written plainly', () => {
  assert.equal(withGroupedDigits(1.5), '1.5');
  assert.equal(withGroupedDigits(Number.NaN), 'NaN');
  assert.equal(withGroupedDigits(2 ** 60), String(2 ** 60));
});
