import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { changeBetween, diffText } from '../../server/src/core/incremental/textDiff';
import { ChunkedText, compose } from '../../server/src/core/text/chunkedText';
import { seededRandom } from '../helpers/random';

const ALPHABET = ['a', 'b', ' ', '\n', '\r\n', '\r', 'é', '😀', 'aa', 'ab'];

function randomText(rng: ReturnType<typeof seededRandom>, length: number): string {
  let text = '';
  while (text.length < length) text += rng.pick(ALPHABET);
  return text;
}

describe('ChunkedText', () => {
  test('reads as the string it stands for after thousands of random edits, across piece boundaries', () => {
    const rng = seededRandom(7);
    let expected = randomText(rng, 300);
    // Pieces of 8 characters: every edit and read crosses some.
    let text = ChunkedText.from(expected, 8);
    for (let step = 0; step < 3000; step++) {
      const start = rng.int(expected.length + 1);
      const end = Math.min(expected.length, start + (rng.next() < 0.3 ? rng.int(40) : rng.int(3)));
      const insert = rng.next() < 0.05 ? randomText(rng, 60) : rng.next() < 0.6 ? randomText(rng, rng.int(3)) : '';
      // Edits may come with their ends swapped; they mean the same span.
      text = rng.next() < 0.1 ? text.replace(end, start, insert) : text.replace(start, end, insert);
      expected = expected.slice(0, start) + insert + expected.slice(end);
      if (expected.length > 600) {
        text = text.replace(400, expected.length, '');
        expected = expected.slice(0, 400);
      }
      assert.equal(text.length, expected.length);
      for (let i = 0; i < 12; i++) {
        const a = rng.int(expected.length + 3) - 1;
        const b = rng.int(expected.length + 3) - 1;
        assert.equal(text.slice(a, b), expected.slice(a, b), `slice(${a}, ${b}) after edit ${step}`);
        assert.deepEqual(text.charCodeAt(a), expected.charCodeAt(a), `charCodeAt(${a}) after edit ${step}`);
      }
      assert.equal(text.slice(), expected);
      assert.equal(text.slice(-5), expected.slice(-5));
    }
    // The whole text, asked once, is the string; reads then go to it.
    assert.equal(text.toString(), expected);
    assert.equal(text.slice(3, 90), expected.slice(3, 90));
  });

  test('an emptied text can be written again', () => {
    let text = ChunkedText.from('abcdefghij', 4);
    text = text.replace(0, 10, '');
    assert.equal(text.toString(), '');
    assert.equal(text.charCodeAt(0), NaN);
    text = text.replace(0, 0, 'new');
    assert.equal(text.toString(), 'new');
    assert.equal(text.slice(1, 2), 'e');
  });

  test('changeBetween finds what diffText finds, from the known span, for versions up to 32 edits apart', () => {
    const rng = seededRandom(11);
    let current = ChunkedText.from(randomText(rng, 200), 16);
    const versions: ChunkedText[] = [current];
    let narrowed = 0;
    for (let step = 0; step < 2000; step++) {
      const start = rng.int(current.length + 1);
      const end = Math.min(current.length, start + rng.int(4));
      // Some edits put back what was there, or repeat a neighbouring character: the smallest span is not the edit's.
      const insert = rng.next() < 0.2 ? current.slice(start, end) : rng.next() < 0.3 ? current.slice(start - 1, start) : randomText(rng, rng.int(3));
      current = current.replace(start, end, insert);
      versions.push(current);
      for (const back of [1, 2, 5, 32, 33]) {
        const older = versions[versions.length - 1 - back];
        if (!older) continue;
        if (back <= 32) assert.ok(current.changeSince(older), `a change ${back} versions back is remembered`);
        else assert.equal(current.changeSince(older), undefined, 'no further back than 32 versions');
        assert.deepEqual(changeBetween(older, current), diffText(older.toString(), current.toString()), `${back} versions back, edit ${step}`);
        if (back <= 32) narrowed++;
      }
      // Strings, and texts that share no history, are compared whole.
      assert.deepEqual(changeBetween(versions[0].toString(), current), diffText(versions[0].toString(), current.toString()));
    }
    assert.ok(narrowed > 5000);
  });

  test('compose gives one span outside which the first and last texts agree', () => {
    const rng = seededRandom(5);
    for (let run = 0; run < 2000; run++) {
      const a = randomText(rng, 20 + rng.int(20));
      const edit = (text: string) => {
        const start = rng.int(text.length + 1);
        const end = Math.min(text.length, start + rng.int(6));
        const insert = randomText(rng, rng.int(5));
        return { text: text.slice(0, start) + insert + text.slice(end), change: { start, oldEnd: end, newEnd: start + insert.length } };
      };
      const b = edit(a);
      const c = edit(b.text);
      const both = compose(b.change, c.change);
      assert.equal(a.slice(0, both.start), c.text.slice(0, both.start));
      assert.equal(a.slice(both.oldEnd), c.text.slice(both.newEnd));
      assert.equal(c.text.length - a.length, both.newEnd - both.oldEnd);
    }
  });
});
