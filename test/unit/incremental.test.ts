import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { checkText } from '../../server/src/core/check';
import { defaultConfig } from '../../server/src/core/config';
import { diffText } from '../../server/src/core/incremental/textDiff';
import { LineIndex } from '../../server/src/core/lineIndex';
import { ChunkedText } from '../../server/src/core/text/chunkedText';
import type { SourceText } from '../../server/src/core/text/sourceText';
import { WorkspaceChecker, sortProblems } from '../../server/src/core/workspace/workspaceChecker';
import { seededRandom } from '../helpers/random';

const EXAMPLES = path.join(__dirname, '..', '..', 'examples');
const FILES = [
  ...readdirSync(EXAMPLES).filter((n) => n.endsWith('.competency.yaml')).map((n) => path.join(EXAMPLES, n)),
  path.join(EXAMPLES, 'broken', 'missing-follow-ups.competency.yaml'),
  path.join(EXAMPLES, 'broken', 'wrong-type.competency.yaml'),
];

// What people type inside a question: words, punctuation, YAML that changes meaning, keys, typos.
const INSERTS = ['a', 'e', ' ', 'x', ',', ':', ': ', '#', ' # note', '"', "'", '-', '- ', '\n', '\n      ', '\n    ', '\n  ', '\n', '[', ']', '{', '}', '&a ', '*a', '!', '|', '>', 'ten', '12', 'follow_up', 'minutes: 3\n    ', '\t', '\r\n'];

function expected(text: string) {
  return sortProblems([...checkText(text, 'competency', { lint: false }).validation]).map(show);
}

function show(problem: { ruleId: string; message: string; range: { start: number; end: number } }) {
  return `${problem.range.start}-${problem.range.end} ${problem.ruleId} ${problem.message}`;
}

/**
 * The texts a checker is given, as the server gives them (ChunkedText versions, each an edit of the one before, in
 * pieces small enough that edits cross them), or as strings.
 */
function versions(chunked: boolean, original: string) {
  let source: SourceText = chunked ? ChunkedText.from(original, 64) : original;
  return {
    get source() {
      return source;
    },
    /** The whole text replaced, as a reload or an undo of many edits does. */
    reset(text: string) {
      source = chunked ? ChunkedText.from(text, 64) : text;
    },
    edit(text: string, at: number, end: number, inserted: string) {
      source = source instanceof ChunkedText ? source.replace(at, end, inserted) : text;
    },
  };
}

describe('checking one question at a time gives what a whole-file check gives', () => {
  for (const [n, file] of FILES.entries()) for (const chunked of [false, true]) {
    test(`${path.basename(file)}${chunked ? ', edits to a ChunkedText' : ''}`, () => {
      const rng = seededRandom(1000 + n);
      const original = readFileSync(file, 'utf8');
      const uri = 'file:///bank/edited.competency.yaml';
      const checker = new WorkspaceChecker();
      let text = original;
      let lastValid = original;
      const sources = versions(chunked, original);
      checker.update(uri, sources.source, { lint: true, config: defaultConfig });
      for (let step = 0; step < 400; step++) {
        // Mostly small edits in the questions; a broken file is often put right again, as people do.
        const broken = expected(text).some((p) => p.includes(' yaml-syntax '));
        if (rng.next() < 0.02) sources.reset((text = original));
        else if (broken && rng.next() < 0.5) sources.reset((text = lastValid));
        else {
          const questions = text.indexOf('questions:');
          const at = questions >= 0 && rng.next() < 0.9 ? questions + rng.int(text.length - questions + 1) : rng.int(text.length + 1);
          const end = Math.min(at + (rng.next() < 0.4 ? rng.int(4) : 0), text.length);
          const inserted = rng.next() < 0.7 ? rng.pick(INSERTS) : '';
          text = text.slice(0, at) + inserted + text.slice(end);
          sources.edit(text, at, end, inserted);
        }
        checker.update(uri, sources.source, { lint: false, config: defaultConfig });
        const wanted = expected(text);
        assert.deepEqual(checker.validation(uri).map(show), wanted, `after edit ${step}:\n${text}`);
        if (!wanted.some((p) => p.includes(' yaml-syntax '))) lastValid = text;
        const lines = checker.lines(uri)!;
        const fresh = new LineIndex(text);
        for (let offset = 0; offset <= text.length; offset += 7) assert.deepEqual(lines.positionAt(offset), fresh.positionAt(offset));
      }
      assert.ok(checker.questionChecks > 30, `only ${checker.questionChecks} edits took the one-question path`);
    });
  }
});

test('an edit to a question whose anchor another question uses is checked with the whole file', () => {
  const lines = (...l: string[]) => `${l.join('\n')}\n`;
  const question = (id: string, areas: string) => [`  - id: ${id}`, `    text: Tell me about a time you handled ${id}.`, `    areas_to_cover: ${areas}`, '    follow_ups: [What next?]'];
  const header = ['competency: Linked', 'id: linked', 'summary: Questions that share their areas.', 'questions:'];
  const withAnchor = lines(...header, ...question('first', '&shared [Impact, Steps]'), ...question('second', '*shared'), ...question('third', '[Outcome]'));
  // The anchor is deleted from the first question: the alias in the second no longer resolves, though the first
  // question, read alone, has nothing wrong with it.
  const renamed = withAnchor.replace('&shared ', '');
  const uri = 'file:///bank/linked.competency.yaml';
  const checker = new WorkspaceChecker();
  checker.update(uri, withAnchor, { lint: false, config: defaultConfig });
  assert.deepEqual(checker.validation(uri).map(show), expected(withAnchor));
  checker.update(uri, renamed, { lint: false, config: defaultConfig });
  assert.ok(expected(renamed).length > 0, 'the unresolved alias is a problem');
  assert.deepEqual(checker.validation(uri).map(show), expected(renamed));
});

// Words that make and clear lint problems: hypotheticals, protected topics, another question's text.
const LINT_INSERTS = [...INSERTS, ' What would you do if', ' how old are you', ' your age ', ' follow_ups:', ' areas_to_cover:', 'Tell me about a time you'];

function freshProblems(uri: string, text: string, others: [string, string][]) {
  const checker = new WorkspaceChecker();
  for (const [otherUri, otherText] of others) checker.update(otherUri, otherText, { lint: true, config: defaultConfig });
  checker.update(uri, text, { lint: true, config: defaultConfig });
  return checker.problems(uri).map(show);
}

describe('linting one question at a time (onType) gives what linting the whole file gives', () => {
  for (const [n, file] of FILES.entries()) for (const chunked of [false, true]) {
    test(`${path.basename(file)}${chunked ? ', edits to a ChunkedText' : ''}`, () => {
      const rng = seededRandom(2000 + n);
      const original = readFileSync(file, 'utf8');
      const uri = 'file:///bank/edited.competency.yaml';
      // Another file in the index, sharing a question, so cross-file duplicates come and go with the edits.
      const other = FILES[(n + 1) % FILES.length];
      const others: [string, string][] = [['file:///bank/other.competency.yaml', readFileSync(other, 'utf8').replace(/^id: .*$/m, 'id: other-competency')]];
      const checker = new WorkspaceChecker();
      for (const [otherUri, otherText] of others) checker.update(otherUri, otherText, { lint: true, config: defaultConfig });
      let text = original;
      const sources = versions(chunked, original);
      checker.update(uri, sources.source, { lint: true, config: defaultConfig });
      const before = checker.questionChecks;
      let lastValid = original;
      for (let step = 0; step < 150; step++) {
        const broken = expected(text).some((p) => p.includes(' yaml-syntax '));
        if (!broken) lastValid = text;
        if (rng.next() < 0.03) sources.reset((text = original));
        else if (broken && rng.next() < 0.6) sources.reset((text = lastValid));
        else {
          const questions = text.indexOf('questions:');
          const at = questions >= 0 && rng.next() < 0.95 ? questions + rng.int(text.length - questions + 1) : rng.int(text.length + 1);
          const end = Math.min(at + (rng.next() < 0.4 ? rng.int(6) : 0), text.length);
          const inserted = rng.next() < 0.8 ? rng.pick(LINT_INSERTS) : '';
          text = text.slice(0, at) + inserted + text.slice(end);
          sources.edit(text, at, end, inserted);
        }
        checker.update(uri, sources.source, { lint: true, config: defaultConfig });
        assert.deepEqual(checker.problems(uri).map(show), freshProblems(uri, text, others), `after edit ${step}:\n${text}`);
      }
      assert.ok(checker.questionChecks - before > 20, `only ${checker.questionChecks - before} edits took the one-question path`);
    });
  }
});

describe('diffText', () => {
  test('finds the one replaced span, also in texts longer than its chunk size', () => {
    const base = 'x'.repeat(10_000) + 'middle' + 'y'.repeat(9_000);
    assert.deepEqual(diffText(base, base), undefined);
    const after = base.replace('middle', 'MIDDLE!');
    assert.deepEqual(diffText(base, after), { start: 10_000, oldEnd: 10_006, newEnd: 10_007 });
    assert.deepEqual(diffText('abcabc', 'abc'), { start: 3, oldEnd: 6, newEnd: 3 });
    assert.deepEqual(diffText('', 'a'), { start: 0, oldEnd: 0, newEnd: 1 });
  });
});

describe('LineIndex.withEdit', () => {
  test('matches a fresh index after thousands of random edits with CR, LF and CRLF', () => {
    const rng = seededRandom(7);
    const pieces = ['a', 'bc', '\n', '\r', '\r\n', '\n\n', ' '];
    let text = 'hello\nworld\r\nfoo\rbar\n';
    let index = new LineIndex(text);
    for (let i = 0; i < 5000; i++) {
      const start = rng.int(text.length + 1);
      const end = Math.min(text.length, start + rng.int(4));
      let inserted = '';
      for (let k = rng.int(3); k > 0; k--) inserted += rng.pick(pieces);
      const next = text.slice(0, start) + inserted + text.slice(end);
      const change = diffText(text, next);
      if (change) index = index.withEdit(next, change.start, change.oldEnd, change.newEnd);
      text = next;
      const fresh = new LineIndex(text);
      for (let offset = 0; offset <= text.length; offset++) assert.deepEqual(index.positionAt(offset), fresh.positionAt(offset));
      if (text.length > 300) {
        text = text.slice(0, 100);
        index = new LineIndex(text);
      }
    }
  });
});

describe('LineIndex.lineEnd', () => {
  test('is where the first CR or LF from the offset is, or the end of the text', () => {
    const rng = seededRandom(11);
    const pieces = ['a', 'bc', '\n', '\r', '\r\n', '\n\n', ' '];
    for (let i = 0; i < 300; i++) {
      let text = '';
      for (let k = rng.int(30); k > 0; k--) text += rng.pick(pieces);
      const index = new LineIndex(text);
      for (let offset = 0; offset <= text.length; offset++) {
        const found = /\r|\n/.exec(text.slice(offset));
        assert.equal(index.lineEnd(text, offset), found ? offset + found.index : text.length, `${JSON.stringify(text)} at ${offset}`);
      }
    }
  });
});

/**
 * The service-orientation example open in a checker that lints as you type (onType), edited through ChunkedText
 * versions: `type` replaces [start, end) as a keystroke would and returns the problems of the text it makes.
 */
function typingInServiceOrientation() {
  const original = readFileSync(path.join(EXAMPLES, 'service-orientation.competency.yaml'), 'utf8');
  const uri = 'file:///bank/edited.competency.yaml';
  const checker = new WorkspaceChecker();
  const sources = versions(true, original);
  checker.update(uri, sources.source, { lint: true, config: defaultConfig });
  let text = original;
  return {
    uri,
    checker,
    get text() {
      return text;
    },
    type(start: number, end: number, inserted: string) {
      text = text.slice(0, start) + inserted + text.slice(end);
      sources.edit(text, start, end, inserted);
      checker.update(uri, sources.source, { lint: true, config: defaultConfig });
      return checker.problems(uri);
    },
  };
}

test('typing an id that another question has, and typing it apart again, is reported as a fresh lint reports it', () => {
  const editor = typingInServiceOrientation();
  const { uri, checker } = editor;
  // `went-beyond-ticket` becomes `frustrated-user` one keystroke at a time, and then back.
  const at = editor.text.indexOf('- id: went-beyond-ticket') + '- id: '.length;
  const type = (start: number, end: number, inserted: string) => editor.type(start, end, inserted).filter((problem) => problem.ruleId === 'duplicate-id').length;
  const counts = [type(at, at + 'went-beyond-ticket'.length, 'frustrated-use'), type(at + 14, at + 14, 'r'), type(at + 14, at + 15, ''), type(at + 14, at + 14, 'r')];
  assert.deepEqual(counts, [0, 1, 0, 1]);
  assert.deepEqual(checker.problems(uri).map(show), freshProblems(uri, editor.text, []));
  assert.ok(checker.questionChecks >= 4);
});

test('typing a question into the words of another, and out of them again, is reported as a fresh lint reports it', () => {
  const editor = typingInServiceOrientation();
  const type = (start: number, end: number, inserted: string) => {
    const problems = editor.type(start, end, inserted).map(show);
    assert.deepEqual(problems, freshProblems(editor.uri, editor.text, []));
    return problems.filter((problem) => problem.includes(' duplicate-question ')).length;
  };
  // The third question's text becomes the first's, then its words change and change back.
  const first = 'Tell me about a time you helped a colleague who was frustrated or upset\n      about a technical problem. What was going on, and how did you handle it?';
  const third = 'Give me an example of a time you noticed a need a user had not mentioned\n      while working on their request, and what you did about it.';
  const words = 'helped a colleague who was frustrated or upset';
  const at = editor.text.indexOf(third);
  const from = at + first.indexOf(words);
  const counts = [
    type(at, at + third.length, first),
    type(from, from + words.length, 'moved a printer'),
    type(from, from + 'moved a printer'.length, words),
  ];
  assert.deepEqual(counts, [2, 0, 2]);
});

test("a question typed into another file's words, and out of them, changes that file's problems as a fresh lint does", () => {
  const aUri = 'file:///bank/a.competency.yaml';
  const aText = readFileSync(path.join(EXAMPLES, 'service-orientation.competency.yaml'), 'utf8');
  const bUri = 'file:///bank/b.competency.yaml';
  const words = 'Describe the last thing you built.';
  let bText = ['competency: Other', 'id: other', 'summary: Another competency.', 'questions:', '  - id: one', `    text: ${words}`, '    follow_ups: [What next?]', '  - id: two', '    text: Tell me about your week.', '    follow_ups: [Why?]', ''].join('\n');
  const checker = new WorkspaceChecker();
  checker.update(aUri, aText, { lint: true, config: defaultConfig });
  const sources = versions(true, bText);
  checker.update(bUri, sources.source, { lint: true, config: defaultConfig });
  const duplicatesInA = () => checker.problems(aUri).filter((problem) => problem.ruleId === 'duplicate-question').length;
  assert.equal(duplicatesInA(), 0);
  const type = (replaced: string, by: string) => {
    const at = bText.indexOf(replaced);
    bText = bText.slice(0, at) + by + bText.slice(at + replaced.length);
    sources.edit(bText, at, at + replaced.length, by);
    checker.update(bUri, sources.source, { lint: true, config: defaultConfig });
    assert.deepEqual(checker.problems(aUri).map(show), freshProblems(aUri, aText, [[bUri, bText]]));
    return duplicatesInA();
  };
  const first = 'Tell me about a time you helped a colleague who was frustrated or upset about a technical problem. What was going on, and how did you handle it?';
  assert.deepEqual([type(words, first), type(first, words)], [1, 0]);
  assert.ok(checker.questionChecks >= 2);
});
