import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ChunkedTextDocument } from '../../server/src/chunkedTextDocument';
import { checkText } from '../../server/src/core/check';
import { defaultConfig } from '../../server/src/core/config';
import { knownLineIndex } from '../../server/src/core/lineIndex';
import { ChunkedText } from '../../server/src/core/text/chunkedText';
import { WorkspaceChecker, sortProblems } from '../../server/src/core/workspace/workspaceChecker';
import { seededRandom } from '../helpers/random';

const PIECES = ['a', 'bc', ' ', '\n', '\r', '\r\n', '\n\n', 'é', '😀', '  - id: x\n'];

test('a ChunkedTextDocument syncs edits and answers positions as vscode-languageserver-textdocument does', () => {
  const rng = seededRandom(3);
  const initial = 'hello\nworld\r\nfoo\rbar\n';
  // The reference's own line offsets can go wrong when it applies an edit next to a lone CR, so it is created afresh
  // from its text before and after every change.
  let reference = TextDocument.create('file:///a.yaml', 'yaml', 0, initial);
  const document = new ChunkedTextDocument('file:///a.yaml', 'yaml', 0, ChunkedText.from(initial, 8));
  const position = () => ({ line: rng.int(reference.lineCount + 2) - 1, character: rng.int(12) - 1 });
  for (let version = 1; version <= 3000; version++) {
    const changes = [];
    for (let k = 1 + rng.int(2); k > 0; k--) {
      let text = '';
      for (let n = rng.int(3); n > 0; n--) text += rng.pick(PIECES);
      // Ranges past the end of a line or the file, or backwards, are taken as the editor means them.
      changes.push(rng.next() < 0.01 ? { text: `${text}x\n` } : { range: { start: position(), end: position() }, text });
    }
    for (const change of changes) {
      const edited = TextDocument.update(TextDocument.create(reference.uri, 'yaml', version, reference.getText()), [change], version);
      reference = TextDocument.create(reference.uri, 'yaml', version, edited.getText());
    }
    document.update(changes, version);
    assert.equal(document.version, version);
    assert.equal(document.lineCount, reference.lineCount, `line count at version ${version}`);
    for (let i = 0; i < 8; i++) {
      const at = position();
      assert.equal(document.offsetAt(at), reference.offsetAt(at), `offsetAt(${JSON.stringify(at)}) at version ${version}`);
      const offset = rng.int(reference.getText().length + 3) - 1;
      assert.deepEqual(document.positionAt(offset), reference.positionAt(offset), `positionAt(${offset}) at version ${version}`);
      const range = { start: position(), end: position() };
      assert.equal(document.getText(range), reference.getText(range));
      const line = rng.int(reference.lineCount + 2) - 1;
      assert.deepEqual(document.getLineRange(line), reference.getLineRange(line));
      assert.equal(document.getEOLCharacters(line), reference.getEOLCharacters(line));
    }
    if (version % 50 === 0) assert.equal(document.getText(), reference.getText());
    if (reference.getText().length > 400) {
      const all = { text: 'start\r\n' };
      reference = TextDocument.create(reference.uri, 'yaml', ++version, all.text);
      document.update([all], version);
    }
  }
});

for (const lint of [false, true]) test(`a keystroke inside a question is checked${lint ? ' and linted' : ''} without reading the whole text`, () => {
  const text = readFileSync(path.join(__dirname, '..', '..', 'examples', 'service-orientation.competency.yaml'), 'utf8');
  const uri = 'file:///bank/service-orientation.competency.yaml';
  const document = new ChunkedTextDocument(uri, 'competency-yaml', 1, ChunkedText.from(text, 256));
  const checker = new WorkspaceChecker();
  checker.update(uri, document.text, { lint: true, config: defaultConfig });
  const line = text.split('\n').findIndex((l) => l.includes('text: '));
  const character = text.split('\n')[line].indexOf('text: ') + 6;
  const whole = ChunkedText.prototype.toString;
  let joined = 0;
  ChunkedText.prototype.toString = function (this: ChunkedText) {
    joined++;
    return whole.call(this);
  };
  try {
    for (let version = 2; version < 30; version++) {
      const typed = version % 2 === 0;
      document.update([{ range: { start: { line, character }, end: { line, character: typed ? character : character + 1 } }, text: typed ? 'x' : '' }], version);
      checker.update(uri, document.text, { lint, config: defaultConfig });
      assert.ok(checker.problemsIfCurrent(uri, document.text), 'the check is of the current text');
    }
    // `follow_ups:` loses its last letter and gets it back: meanwhile the question has none, and the lint offers to
    // add them with the file's line breaks.
    const keyLine = text.split('\n').findIndex((l, i) => i > line && l.startsWith('    follow_ups:'));
    for (let version = 30; version < 34; version++) {
      const broken = version % 2 === 0;
      document.update([{ range: { start: { line: keyLine, character: 13 }, end: { line: keyLine, character: broken ? 14 : 13 } }, text: broken ? '' : 's' }], version);
      checker.update(uri, document.text, { lint, config: defaultConfig });
      const problems = checker.problemsIfCurrent(uri, document.text);
      assert.ok(problems, 'the check is of the current text');
      if (lint) assert.equal(problems.some((problem) => problem.ruleId === 'missing-follow-ups' && problem.fixes?.length), broken);
    }
  } finally {
    ChunkedText.prototype.toString = whole;
  }
  assert.equal(joined, 0, 'the whole text was made from the pieces');
  assert.equal(checker.lines(uri), knownLineIndex(document.text), "the check takes the document's line index");
  assert.ok(checker.questionChecks >= 32);
  const fresh = checkText(document.getText(), 'competency', { lint: false }).validation;
  assert.deepEqual(checker.validation(uri), sortProblems(fresh));
  if (lint) assert.deepEqual(checker.problems(uri), new WorkspaceChecker().problemsOfText(uri, document.getText(), defaultConfig));
});
