import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentSymbol, Range, SelectionRange } from 'vscode-languageserver';
import { findFoldingRanges } from '../../../server/src/features/folding';
import { findSelectionRanges } from '../../../server/src/features/selectionRanges';
import { findDocumentSymbols, findWorkspaceSymbols, OutlineMemo, shorten } from '../../../server/src/features/symbols';
import { seededRandom } from '../../helpers/random';
import { withoutIcu } from '../../helpers/withoutIcu';
import { at, indexOf, lines, parsed, summaryOf } from './caret';
import { FILES, ONSITE, ONSITE_URI, PHONE_URI, RESOURCE_URI, SERVICE, SERVICE_URI } from './workspaceFixture';

const INDEX = indexOf(FILES);

function symbols(uri: string, text: string): DocumentSymbol[] {
  return findDocumentSymbols(parsed(uri, text), TextDocument.create(uri, 'yaml', 0, text), { index: INDEX });
}

/** The symbol tree as `name (detail)` lines, indented by depth. */
function outline(list: DocumentSymbol[] | undefined, depth = 0): string[] {
  return (list ?? []).flatMap((s) => [`${'  '.repeat(depth)}${s.name}${s.detail ? ` (${s.detail})` : ''}`, ...outline(s.children, depth + 1)]);
}

function contains(outer: Range, inner: Range): boolean {
  const before = (a: Range['start'], b: Range['start']) => a.line < b.line || (a.line === b.line && a.character <= b.character);
  return before(outer.start, inner.start) && before(inner.end, outer.end);
}

function checkRanges(list: DocumentSymbol[], parent?: DocumentSymbol): void {
  for (const symbol of list) {
    assert.ok(symbol.name.trim(), 'names are never empty');
    assert.ok(contains(symbol.range, symbol.selectionRange), `${symbol.name}: selection inside range`);
    if (parent) assert.ok(contains(parent.range, symbol.range), `${symbol.name} inside ${parent.name}`);
    checkRanges(symbol.children ?? [], symbol);
  }
}

describe('document symbols', () => {
  test('a competency: its fields, its questions named by their text, their areas and follow-ups', () => {
    const result = symbols(SERVICE_URI, SERVICE);
    assert.deepEqual(outline(result), [
      'Service Orientation (service-orientation)',
      '  id',
      '  summary',
      '  Tell me about a time you helped a user who was frustrated. (frustrated-user)',
      '    areas_to_cover (1)',
      "      How they read the user's state",
      '    follow_ups (1)',
      '      What told you the user was frustrated?',
      '  Describe a time you explained a technical problem without… (explain-without-jargon)',
      '    areas_to_cover (1)',
      '      Checking understanding',
    ]);
    checkRanges(result);
    const question = result[0].children![2];
    assert.equal(question.selectionRange.start.line, 6, 'the question text is what gets selected');
  });

  test('a guide: its sections named by competency, with the chosen questions named by their text', () => {
    const result = symbols(ONSITE_URI, ONSITE);
    assert.deepEqual(outline(result), [
      'IT Support, onsite (it-support-onsite)',
      '  id',
      '  duration_minutes',
      '  Service Orientation (service-orientation)',
      '    Tell me about a time you helped a user who was frustrated. (frustrated-user)',
      '    Describe a time you explained a technical problem without… (explain-without-jargon)',
      '  Resourcefulness (resourcefulness)',
      '    Tell me about a time you fixed a system you had never seen. (unfamiliar-system)',
    ]);
    checkRanges(result);
  });

  test('unknown references and missing names fall back to ids and placeholders', () => {
    const text = lines('sections:', '  - competency: nope', '    questions: [a]', '  - minutes: 3', 'questions: x');
    const result = symbols('file:///g.guide.yaml', text);
    assert.deepEqual(outline(result), ['Guide', '  nope (nope)', '    a (a)', '  Section 2', '  questions']);
    checkRanges(result);
    assert.deepEqual(outline(symbols('file:///c.competency.yaml', lines('questions:', '  - id: only-id', '  - minutes: 3'))), [
      'Competency',
      '  only-id (only-id)',
      '  Question 2',
    ]);
  });

  test('broken and empty files', () => {
    assert.deepEqual(symbols('file:///c.competency.yaml', ''), []);
    assert.deepEqual(symbols('file:///c.competency.yaml', '- a list\n'), []);
    checkRanges(symbols('file:///c.competency.yaml', lines('competency: X', 'questions:', '  - id: a', '    text: "unclosed', '  - id: b')));
  });

  /** A competency `big` of this many questions, each with two areas and three follow-ups: eight outline items. */
  const bigBank = (questions: number) => {
    const question = (i: number) =>
      [`  - id: q-${i}`, `    text: Tell me about a time you fixed printer ${i}.`, '    areas_to_cover: [One, Two]', '    follow_ups: [Why?, How?, When?]'].join('\n');
    return `competency: Big\nid: big\nsummary: S\nquestions:\n${Array.from({ length: questions }, (_, i) => question(i)).join('\n')}\n`;
  };

  test('a bank too large for the outline lists its questions first, as JSON and YAML outlines stop at a limit', () => {
    const text = bigBank(6);
    const uri = 'file:///big.competency.yaml';
    const outlineWithin = (maxItems: number) => findDocumentSymbols(parsed(uri, text), TextDocument.create(uri, 'yaml', 0, text), { index: INDEX, maxItems });
    const count = (list: DocumentSymbol[] | undefined): number => (list ?? []).reduce((sum, s) => sum + 1 + count(s.children), 0);
    const questionsOf = (outline: DocumentSymbol[]) => outline[0].children!.filter((s) => s.detail?.startsWith('q-'));

    // 6 questions, 12 lists, 30 items: all of it fits in 48.
    const full = outlineWithin(48);
    assert.equal(full[0].detail, 'big');
    assert.deepEqual(questionsOf(full)[0].children!.map((s) => s.children!.length), [2, 3]);
    // One fewer: each question keeps its lists, with their counts, but not their items.
    const lists = outlineWithin(47);
    assert.equal(lists[0].detail, 'big · outline shortened to 47 items');
    assert.deepEqual(questionsOf(lists)[0].children!.map((s) => [s.name, s.detail, s.children!.length]), [['areas_to_cover', '2', 0], ['follow_ups', '3', 0]]);
    // Fewer still: the questions alone, as many as the limit allows.
    const bare = outlineWithin(4);
    assert.deepEqual(questionsOf(bare).map((s) => [s.detail, s.children!.length]), [['q-0', 0], ['q-1', 0], ['q-2', 0], ['q-3', 0]]);
    checkRanges(bare);
    assert.ok(count(lists) < count(full));

    // Kept question symbols are not reused once the outline shows more or less of each question.
    const memo = new OutlineMemo();
    const document = parsed(uri, text);
    for (const maxItems of [48, 47, 4, 47, 48]) {
      assert.deepEqual(findDocumentSymbols(document, TextDocument.create(uri, 'yaml', 0, text), { index: INDEX, maxItems, memo }), outlineWithin(maxItems), `${maxItems}`);
    }
  });

  test('a shortened outline writes its limit with grouped digits, without loading ICU for it', () => {
    const text = bigBank(130);
    const uri = 'file:///big.competency.yaml';
    const outline = withoutIcu(() => findDocumentSymbols(parsed(uri, text), TextDocument.create(uri, 'yaml', 0, text), { index: INDEX, maxItems: 1000 }));
    assert.equal(outline[0].detail, 'big · outline shortened to 1,000 items');
  });

  test('shorten cuts long texts at a word', () => {
    assert.equal(shorten('  Tell me\n about   a time. '), 'Tell me about a time.');
    assert.equal(shorten('one two three four', 10), 'one two…');
  });

  test('shorten names a text as collapsing all of its white space would, however it is spaced', () => {
    // The names as shorten made them before it skipped collapsing plainly spaced texts.
    const reference = (text: string, length = 60) => {
      const flat = text.replace(/\s+/g, ' ').trim();
      if (flat.length <= length) return flat;
      const cut = flat.slice(0, length);
      const space = cut.lastIndexOf(' ');
      return `${(space > length / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.]+$/, '')}…`;
    };
    const rng = seededRandom(7);
    const pieces = ['word', 'a', 'longerword', ',', '.', ':', ' ', ' ', ' ', '  ', '\t', '\n', '\r\n', '\u00a0', '\u2003', '\u3000', '\ufeff', '\u0001', 'é'];
    let collapsed = 0;
    for (let i = 0; i < 3000; i++) {
      const text = Array.from({ length: 1 + rng.int(40) }, () => rng.pick(pieces)).join('');
      if (text.replace(/\s+/g, ' ') !== text) collapsed++;
      assert.equal(shorten(text), reference(text), JSON.stringify(text));
      assert.equal(shorten(text, 12), reference(text, 12), JSON.stringify(text));
    }
    assert.ok(collapsed > 1000 && collapsed < 3000, `${collapsed} texts had spacing to collapse`);
    // Long texts are collapsed a window at a time: long runs of spaces land on the windows' edges.
    const long = [...pieces, ' '.repeat(40), '\n'.repeat(90), '\t \u00a0'.repeat(50), 'x'.repeat(130)];
    let beyondWindow = 0;
    for (let i = 0; i < 3000; i++) {
      const text = Array.from({ length: 1 + rng.int(160) }, () => rng.pick(long)).join('');
      if (text.length > 60 + 20) beyondWindow++;
      assert.equal(shorten(text), reference(text), JSON.stringify(text));
      assert.equal(shorten(text, 12), reference(text, 12), JSON.stringify(text));
    }
    assert.ok(beyondWindow > 2000, `${beyondWindow} texts were longer than the first window`);
  });
});

describe('workspace symbols', () => {
  const files = [SERVICE_URI, RESOURCE_URI, ONSITE_URI, PHONE_URI].map((uri) => summaryOf(uri, FILES[uri]));

  test('competencies, guides and question texts matching the query', () => {
    const names = findWorkspaceSymbols('jargon', files).map((s) => `${s.name} @ ${s.containerName}`);
    assert.deepEqual(names, ['Describe a time you explained a technical problem without… @ Service Orientation']);
    assert.deepEqual(findWorkspaceSymbols('resourceful', files).map((s) => s.name), ['Resourcefulness']);
    assert.deepEqual(findWorkspaceSymbols('onsite', files).map((s) => s.name), ['IT Support, onsite']);
  });

  test('symbols of equal score come in a stable order, found without ICU', () => {
    const everything = withoutIcu(() => findWorkspaceSymbols('', files));
    assert.ok(everything.length > 5);
    assert.deepEqual(everything, findWorkspaceSymbols('', [...files].reverse()));
  });

  test('question ids match too, and locations point at the text', () => {
    const [symbol] = findWorkspaceSymbols('unfamiliar-system', files);
    assert.equal(symbol.name, 'Tell me about a time you fixed a system you had never seen.');
    assert.deepEqual((symbol.location as { uri: string; range: Range }).range.start, { line: 7, character: 10 });
  });

  test('an empty query lists everything; letters in order match (as the picker does)', () => {
    assert.equal(findWorkspaceSymbols('', files).length, 4 + 4);
    assert.ok(findWorkspaceSymbols('srvor', files).some((s) => s.name === 'Service Orientation'));
  });
});

describe('folding ranges', () => {
  test('every question, section and multi-line field folds; comment runs fold', () => {
    const text = `# one\n# two\n${SERVICE}`;
    const ranges = findFoldingRanges(parsed(SERVICE_URI, text).parsed, TextDocument.create(SERVICE_URI, 'yaml', 0, text));
    const shown = ranges.map((r) => `${r.startLine}-${r.endLine}${r.kind ? ` ${r.kind}` : ''}`);
    assert.deepEqual(shown, ['0-1 comment', '4-5', '6-17', '7-13', '9-10', '11-12', '14-17']);
  });

  test('a guide: sections and the sections list', () => {
    const ranges = findFoldingRanges(parsed(ONSITE_URI, ONSITE).parsed, TextDocument.create(ONSITE_URI, 'yaml', 0, ONSITE));
    assert.deepEqual(ranges.map((r) => `${r.startLine}-${r.endLine}`), ['3-8', '4-5', '6-8']);
  });
});

describe('selection ranges', () => {
  function chain(marked: string): string[] {
    const { document, position } = at(marked);
    const [range] = findSelectionRanges(parsed(document.uri, document.getText()).parsed, document, [position]);
    const texts: string[] = [];
    for (let r: SelectionRange | undefined = range; r; r = r.parent) texts.push(document.getText(r.range));
    return texts;
  }

  test('expands from a follow-up to its item, the list, the key, the question, the bank, the file', () => {
    const marked = SERVICE.replace('What told you', 'What to|ld you');
    const texts = chain(marked);
    assert.deepEqual(texts.slice(0, 3), [
      'What told you the user was frustrated?',
      '- What told you the user was frustrated?',
      'follow_ups:\n      - What told you the user was frustrated?',
    ]);
    assert.ok(texts[3].startsWith('id: frustrated-user') && texts[3].endsWith('minutes: 12'), texts[3]);
    assert.ok(texts[4].startsWith('- id: frustrated-user'));
    assert.ok(texts[5].startsWith('- id: frustrated-user') && texts[5].endsWith('minutes: 8'));
    assert.ok(texts[6].startsWith('questions:'));
    assert.ok(texts.at(-1)!.startsWith('competency: Service Orientation'));
    for (let i = 1; i < texts.length; i++) assert.ok(texts[i].includes(texts[i - 1]), `${i} holds ${i - 1}`);
  });

  test('on a key: the key, then its pair', () => {
    const texts = chain(lines('review:', '  sta|tus: draft', '  owner: x'));
    assert.deepEqual(texts.slice(0, 3), ['status', 'status: draft', 'status: draft\n  owner: x']);
  });

  test('inside a flow list', () => {
    const texts = chain(lines('sections:', '  - competency: a', '    questions: [one, tw|o]'));
    assert.deepEqual(texts.slice(0, 3), ['two', '[one, two]', 'questions: [one, two]']);
  });
});
