import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LineIndex } from '../../../server/src/core/lineIndex';
import type { CheckResult } from '../../../server/src/core/check';
import { defaultConfig } from '../../../server/src/core/config';
import { ParseCache, parseDocument } from '../../../server/src/core/parseCache';
import { checkFile } from '../../../server/src/core/workspace/workspaceChecker';
import { WorkspaceIndex } from '../../../server/src/core/workspace/workspaceIndex';
import { findCodeLenses } from '../../../server/src/features/codeLens';
import { findFoldingRanges } from '../../../server/src/features/folding';
import { renderGuide } from '../../../server/src/features/renderGuide';
import { findSelectionRanges } from '../../../server/src/features/selectionRanges';
import { findDocumentSymbols, OutlineMemo } from '../../../server/src/features/symbols';
import { seededRandom } from '../../helpers/random';

test('the parse cache parses once per document version and keeps the last few', () => {
  const cache = new ParseCache(2);
  const a1 = cache.get('file:///a.competency.yaml', 1, 'id: a\n')!;
  assert.equal(cache.get('file:///a.competency.yaml', 1, 'id: a\n'), a1, 'same version: same parse');
  const a2 = cache.get('file:///a.competency.yaml', 2, 'id: b\n')!;
  assert.notEqual(a2, a1);
  assert.equal(a2.model.id, 'b');
  assert.equal(a2.summary(), a2.summary(), 'the summary is computed once');
  const a3 = cache.get('file:///a.competency.yaml', 3, 'id: b\n')!;
  assert.equal(a3.version, 3);
  assert.equal(a3.parsed, a2.parsed, 'a new version of the same text (a word typed and deleted) is not parsed again');
  assert.equal(a3.model, a2.model);
  assert.equal(a3.whole, a2.whole);
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
    assert.deepEqual(findDocumentSymbols(entry, lines, { index }), [], name);
    assert.ok(Array.isArray(findFoldingRanges(entry.parsed, lines)), name);
    assert.equal(findSelectionRanges(entry.parsed, document, [end]).length, 1, name);
    assert.ok(Array.isArray(findCodeLenses(entry, lines, { index, questionMinutes: 12, followUpsMin: 1 })), name);
    const preview = renderGuide({ uri, text, version: 1, parsed: entry.parsed, model: entry.model, index, questionMinutes: 12 }, entry.parsed.syntaxProblems);
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

/** The symbols of an outline's questions: the children of its root named by a question id. */
function questionSymbols(outline: DocumentSymbol[]): DocumentSymbol[] {
  return outline.flatMap((root) => root.children ?? []).filter((symbol) => symbol.kind === SymbolKind.Method);
}

/** What every feature makes of a parse: outline, folding, selection, code lenses, preview, data and model. */
function everything(entry: NonNullable<ReturnType<ParseCache['get']>>, memo?: OutlineMemo) {
  const { text, uri } = entry;
  const lines = new LineIndex(text);
  const document = TextDocument.create(uri, 'competency-yaml', 1, text);
  const index = new WorkspaceIndex();
  const positions = [0.2, 0.5, 0.8].map((at) => document.positionAt(Math.floor(text.length * at)));
  const withoutNodes = JSON.stringify(entry.model, (key, value) => (key === 'node' ? undefined : value));
  return {
    symbols: findDocumentSymbols(entry, lines, { index, memo }),
    folding: findFoldingRanges(entry.parsed, lines),
    selection: findSelectionRanges(entry.parsed, document, positions),
    lenses: findCodeLenses(entry, lines, { index, questionMinutes: 12, followUpsMin: 1 }),
    preview: renderGuide({ uri, text, version: 1, parsed: entry.parsed, model: entry.model, index, questionMinutes: 12 }, []).html,
    data: entry.parsed.data,
    problems: entry.parsed.syntaxProblems,
    model: withoutNodes,
  };
}

test('a version parsed by its edited question alone gives every feature what a whole parse gives', () => {
  const examples = path.join(__dirname, '..', '..', '..', 'examples');
  const files = readdirSync(examples).filter((name) => name.endsWith('.competency.yaml'));
  const inserts = ['a', ' ', 'x', 'Tell me', ',', ': ', '#', ' # note', '"', '- ', '\n      ', '\n    ', '\n      - more\n', '[', ']', '{', '}', 'ten', '12', '\t', '\r\n'];
  let spliced = 0;
  let reused = 0;
  let keptSymbols = 0;
  for (const [n, name] of files.entries()) {
    const rng = seededRandom(300 + n);
    const original = readFileSync(path.join(examples, name), 'utf8');
    const uri = `file:///bank/${name}`;
    const cache = new ParseCache();
    // As the server does: one memo for every outline, so each version's may reuse the questions of the last.
    const memo = new OutlineMemo();
    let text = original;
    let previous = cache.get(uri, 0, text)!;
    let previousQuestions = new Set(questionSymbols(everything(previous, memo).symbols));
    let lastValid = original;
    for (let version = 1; version <= 200; version++) {
      // A broken file is often put right again, as people do.
      const broken = previous.parsed.syntaxProblems.length > 0;
      if (!broken) lastValid = text;
      if (rng.next() < 0.05) text = original;
      else if (broken && rng.next() < 0.6) text = lastValid;
      else {
        const questions = text.indexOf('questions:');
        const at = questions >= 0 ? questions + rng.int(text.length - questions + 1) : rng.int(text.length + 1);
        const removed = rng.next() < 0.4 ? rng.int(5) : 0;
        text = text.slice(0, at) + (rng.next() < 0.8 ? rng.pick(inserts) : '') + text.slice(Math.min(at + removed, text.length));
      }
      const entry = cache.get(uri, version, text)!;
      if (entry.parsed === previous.parsed) {
        // The same text again: the same parse, whole or not as it was.
        assert.equal(text, previous.text);
        assert.equal(entry.whole, previous.whole);
        reused++;
      } else {
        // A whole parse reuses no tree: the previous version's tree is not the one this entry was built on.
        if (entry.parsed.document === previous.parsed.document) spliced++;
        assert.equal(entry.whole, entry.parsed.document !== previous.parsed.document, 'only a version parsed whole is marked so');
      }
      const got = everything(entry, memo);
      const want = everything(parseDocument(uri, version, 'competency', text));
      for (const feature of Object.keys(want) as (keyof typeof want)[]) {
        assert.deepEqual(got[feature], want[feature], `${feature} of ${name}, version ${version}:\n${text}`);
      }
      const questions = questionSymbols(got.symbols);
      keptSymbols += questions.filter((symbol) => previousQuestions.has(symbol)).length;
      previousQuestions = new Set(questions);
      previous = entry;
    }
  }
  assert.ok(spliced > 100, `only ${spliced} versions were parsed by question`);
  assert.ok(keptSymbols > 500, `only ${keptSymbols} question symbols were kept from the outline before`);
  assert.ok(reused > 0, 'no version came back to the text before it');
});

test('an open version is parsed once between its whole-file check and the features, whichever asks first', () => {
  const examples = path.join(__dirname, '..', '..', '..', 'examples');
  const text = readFileSync(path.join(examples, 'service-orientation.competency.yaml'), 'utf8');
  const uri = 'file:///bank/service-orientation.competency.yaml';
  const options = { lint: true, config: defaultConfig };
  const alone = checkFile(uri, 'competency', text, options);

  // The check first: the features take its parse.
  const afterCheck = new ParseCache();
  let checked: CheckResult | undefined;
  checkFile(uri, 'competency', text, { ...options, keepParse: (result) => (checked = result) });
  afterCheck.adopt(uri, 1, checked!.parsed, checked!.model);
  const adopted = afterCheck.get(uri, 1, text)!;
  assert.equal(adopted.parsed, checked!.parsed, 'not parsed again for the features');
  assert.equal(adopted.model, checked!.model);
  assert.deepEqual(everything(adopted), everything(parseDocument(uri, 1, 'competency', text)));

  // The features first: the check takes theirs, and finds what a check of its own finds.
  const featuresFirst = new ParseCache();
  const parsed = featuresFirst.get(uri, 1, text)!;
  const shared = featuresFirst.wholeParse(uri, 1, text.length);
  assert.equal(shared, parsed);
  let used: CheckResult | undefined;
  const withShared = checkFile(uri, 'competency', text, { ...options, parse: shared, keepParse: (result) => (used = result) });
  assert.equal(used!.parsed, parsed.parsed, 'not parsed again for the check');
  assert.deepEqual(withShared, alone);

  // A check of an older version does not replace a newer one, and a version put together from an edit is not shared.
  const edited = text.replace('to someone with little technical background', 'to someone with no technical background');
  assert.notEqual(edited, text);
  const next = featuresFirst.get(uri, 2, edited)!;
  assert.equal(next.whole, false, 'the edit inside one question was parsed by question');
  assert.equal(featuresFirst.wholeParse(uri, 2, edited.length), undefined);
  assert.equal(featuresFirst.wholeParse(uri, 1, text.length), undefined, 'the older version is gone');
  featuresFirst.adopt(uri, 1, checked!.parsed, checked!.model);
  assert.equal(featuresFirst.get(uri, 2, edited), next);
});
