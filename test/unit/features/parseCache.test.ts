import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LineIndex } from '../../../server/src/core/lineIndex';
import { ParseCache } from '../../../server/src/core/parseCache';
import { WorkspaceIndex } from '../../../server/src/core/workspace/workspaceIndex';
import { findCodeLenses } from '../../../server/src/features/codeLens';
import { findFoldingRanges } from '../../../server/src/features/folding';
import { renderGuide } from '../../../server/src/features/renderGuide';
import { findSelectionRanges } from '../../../server/src/features/selectionRanges';
import { findDocumentSymbols } from '../../../server/src/features/symbols';

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

/** Block lists nested `levels` deep, `perLine` dashes a line, each line starting where the one above ended. */
function staircase(levels: number, perLine: number): string {
  const lines: string[] = [];
  for (let done = 0; done < levels; done += perLine) lines.push(' '.repeat(done * 2) + '- '.repeat(Math.min(perLine, levels - done)));
  return `${lines.join('\n')}x`;
}

test('a file nested 5,000 deep gets one nesting problem from the shared parse, and every feature on it answers', () => {
  const head = 'competency: Deep\nid: deep\nsummary: S\nquestions:\n';
  const cases: [string, string, number][] = [
    ['`- ` 5,000 times on one line', `  ${'- '.repeat(5_000)}x\n`, 4],
    ['flow lists', `  ${'['.repeat(5_000)}${']'.repeat(5_000)}\n`, 4],
    // Under the one-line limit on every line: only the columns of the lines show how deep it goes.
    ['`- ` 400 a line, each line under the one above', `${staircase(5_000, 400)}\n`, 5],
  ];
  for (const [name, nested, line] of cases) {
    const text = head + nested;
    const uri = 'file:///deep.competency.yaml';
    const entry = new ParseCache().get(uri, 1, text)!;
    const lines = new LineIndex(text);
    assert.deepEqual(
      entry.parsed.syntaxProblems.map((p) => [p.ruleId, p.message, lines.positionAt(p.range.start).line]),
      [['yaml-syntax', 'Lists or mappings are nested too deeply here (more than 500 levels); the file is not read further.', line]],
      name,
    );
    const document = TextDocument.create(uri, 'competency-yaml', 1, text);
    const index = new WorkspaceIndex();
    const end = document.positionAt(text.length - 2);
    // The file is not read, so there is nothing to outline; but each feature answers.
    assert.deepEqual(findDocumentSymbols(entry, lines, index), [], name);
    assert.ok(Array.isArray(findFoldingRanges(entry.parsed, lines)), name);
    assert.equal(findSelectionRanges(entry.parsed, document, [end]).length, 1, name);
    assert.ok(Array.isArray(findCodeLenses(entry, lines, { index, questionMinutes: 12, followUpsMin: 1 })), name);
    const preview = renderGuide({ uri, text, version: 1, parsed: entry.parsed, index, questionMinutes: 12 }, entry.parsed.syntaxProblems);
    assert.ok(preview.html.length > 0 || preview.error, name);
    assert.ok(entry.summary(), name);
  }
});

test('block lists 400 deep, line under line, are read as usual', () => {
  const text = `competency: Deep\nid: deep\nsummary: S\nquestions:\n${staircase(400, 40)}\n`;
  const entry = new ParseCache().get('file:///deep.competency.yaml', 1, text)!;
  assert.deepEqual(entry.parsed.syntaxProblems.filter((p) => /nested too deeply/.test(p.message)), []);
  assert.notEqual(entry.parsed.data, undefined);
});
