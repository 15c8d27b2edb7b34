import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LineIndex } from '../../server/src/core/lineIndex';
import { dice, normalizeAnyText, normalizeQuestion, wordBigrams } from '../../server/src/core/text/similarity';
import { DuplicateIndex, NEAR_DUPLICATE_SIMILARITY } from '../../server/src/core/workspace/duplicateIndex';
import type { FileSummary } from '../../server/src/core/workspace/fileSummary';
import { seededRandom } from '../helpers/random';

// Few words, so texts share many bigrams and repeat some within themselves ("the the", "a time ... a time").
const WORDS = ['tell', 'me', 'about', 'a', 'time', 'you', 'the', 'printer', 'queue', 'failed', 'and', 'how', 'did', 'fix', 'it', 'team'];

function summary(uri: string, texts: string[]): FileSummary {
  return {
    uri,
    kind: 'competency',
    lines: new LineIndex(''),
    directives: [],
    questions: texts.map((text, i) => ({ id: `q-${i}`, text, anchorRange: { start: i, end: i + 1 } })),
    sections: [],
  };
}

/** A text, or a near copy of an earlier one: words dropped, swapped or added, so the similarity lands on both sides of the line. */
function textFrom(rng: ReturnType<typeof seededRandom>, earlier: string[]): string {
  if (earlier.length && rng.next() < 0.6) {
    const words = rng.pick(earlier).split(' ');
    for (let edits = rng.int(4); edits > 0; edits--) {
      const at = rng.int(words.length);
      const kind = rng.int(3);
      if (kind === 0 && words.length > 3) words.splice(at, 1);
      else if (kind === 1) words[at] = rng.pick(WORDS);
      else words.splice(at, 0, rng.pick(WORDS));
    }
    return rng.next() < 0.2 ? words.join(' ').toUpperCase() + '?' : words.join(' ');
  }
  return Array.from({ length: 2 + rng.int(30) }, () => rng.pick(WORDS)).join(' ');
}

/** What the index must find, by comparing the question with every other one. */
function bruteForce(files: FileSummary[], file: FileSummary, index: number): string[] {
  const grams = (text: string | undefined) => {
    const normalized = normalizeQuestion(text ?? '');
    return normalized.split(' ').length < 3 ? undefined : { normalized, grams: wordBigrams(normalized) };
  };
  const probe = grams(file.questions[index].text);
  if (!probe) return [];
  const found: string[] = [];
  for (const other of files) {
    for (const [j, question] of other.questions.entries()) {
      if (other.uri === file.uri && j === index) continue;
      const candidate = grams(question.text);
      if (!candidate) continue;
      if (candidate.normalized === probe.normalized || dice(probe.grams, candidate.grams) >= NEAR_DUPLICATE_SIMILARITY) found.push(`${other.uri}#${question.id}`);
    }
  }
  return found.sort();
}

test('the duplicate index finds exactly the pairs a comparison of every question with every other finds', () => {
  const rng = seededRandom(20261122);
  const index = new DuplicateIndex();
  const files = new Map<string, FileSummary>();
  const texts: string[] = [];
  let compared = 0;
  let matched = 0;
  for (let round = 0; round < 150; round++) {
    const uri = `file:///bank/${rng.int(25)}.competency.yaml`;
    if (files.has(uri) && rng.next() < 0.15) {
      // Files are deleted and rewritten as people work: removals must leave no trace in later searches.
      index.removeFile(uri);
      files.delete(uri);
    } else if (files.has(uri) && rng.next() < 0.4) {
      // One question edited, the rest the same texts in a new summary: the index keeps their entries.
      const questionTexts = files.get(uri)!.questions.map((q) => q.text!);
      questionTexts[rng.int(questionTexts.length)] = textFrom(rng, texts);
      texts.push(...questionTexts);
      const file = summary(uri, questionTexts);
      index.setFile(file);
      files.set(uri, file);
    } else {
      const questionTexts = Array.from({ length: 1 + rng.int(6) }, () => textFrom(rng, texts));
      texts.push(...questionTexts);
      const file = summary(uri, questionTexts);
      index.setFile(file);
      files.set(uri, file);
    }
    const all = [...files.values()];
    for (const file of all) {
      for (let q = 0; q < file.questions.length; q++) {
        const expected = bruteForce(all, file, q);
        const refs = index.similarTo(file, q);
        // Each match names the summary the index holds now, not one it held before.
        for (const ref of refs) assert.equal(ref.file, files.get(ref.file.uri));
        const actual = refs.map(({ file: other, question }) => `${other.uri}#${question.id}`).sort();
        assert.deepEqual(actual, expected, `round ${round}, ${file.uri} question ${q}: "${file.questions[q].text}"`);
        compared++;
        matched += expected.length;
      }
    }
  }
  // The generated texts must put plenty of pairs on each side of the threshold, or the comparison proves little.
  assert.ok(compared > 5_000 && matched > 1_000, `${compared} searches, ${matched} matches`);
});

test('a newer, unindexed version of a file is searched as it is, not as the index holds it', () => {
  const index = new DuplicateIndex();
  const question = 'Tell me about a time you fixed the printer queue for the team';
  index.setFile(summary('file:///a.competency.yaml', [question, 'Describe a difficult customer call you handled well and what you learned from it']));
  index.setFile(summary('file:///b.competency.yaml', [question]));
  const edited = summary('file:///a.competency.yaml', ['Describe a difficult customer call you handled well and what you learned from it', 'Describe a difficult customer call you handled very well and what you learned from it']);
  const found = index.similarTo(edited, 0).map(({ file, question: q }) => `${file.uri}#${q.text}`);
  assert.deepEqual(found, ['file:///a.competency.yaml#Describe a difficult customer call you handled very well and what you learned from it']);
});

test('plain ASCII texts normalize exactly as the Unicode rules would have them', () => {
  for (let code = 0; code < 128; code++) {
    const ch = String.fromCharCode(code);
    for (const text of [`Tell${ch}me ABOUT ${ch}a time${ch}`, `${ch}${ch}x${ch}9`]) assert.equal(normalizeQuestion(text), normalizeAnyText(text), `character ${code}`);
  }
  // Anything else takes the Unicode path: full-width letters fold, accented ones stay letters.
  assert.equal(normalizeQuestion('Ｔｅｌｌ me — café'), 'tell me café');
});
