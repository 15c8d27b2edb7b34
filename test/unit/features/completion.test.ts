import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CompletionItem, TextEdit } from 'vscode-languageserver';
import { fileKindOf } from '../../../server/src/core/fileKind';
import type { WorkspaceIndex } from '../../../server/src/core/workspace/workspaceIndex';
import { doComplete } from '../../../server/src/features/completion';
import { withoutIcu } from '../../helpers/withoutIcu';
import { at, caret, indexOf, lines } from './caret';
import { FILES, ONSITE_URI } from './workspaceFixture';

const COMPETENCY = 'file:///bank/test.competency.yaml';
const GUIDE = 'file:///bank/test.guide.yaml';
const INDEX = indexOf(FILES);

function complete(marked: string, options: { uri?: string; index?: WorkspaceIndex; trigger?: string } = {}): CompletionItem[] {
  const uri = options.uri ?? COMPETENCY;
  const { document, position } = at(marked, uri);
  return doComplete(document, position, { kind: fileKindOf(uri)!, index: options.index ?? INDEX, triggerCharacter: options.trigger }).items;
}

const labels = (items: CompletionItem[]) => items.map((item) => item.label);
const sortedLabels = (items: CompletionItem[]) => [...items].sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label)).map((item) => item.label);
const item = (items: CompletionItem[], label: string) => {
  const found = items.find((candidate) => candidate.label === label);
  assert.ok(found, `no item ${label} in ${JSON.stringify(labels(items))}`);
  return found;
};
const edit = (items: CompletionItem[], label: string) => item(items, label).textEdit as TextEdit;

/** Applies an item's edit to the marked text and shows the result with the snippet syntax as written. */
function applied(marked: string, items: CompletionItem[], label: string, uri = COMPETENCY): string {
  const { document } = at(marked, uri);
  const { range, newText } = edit(items, label);
  const text = document.getText();
  return text.slice(0, document.offsetAt(range.start)) + newText + text.slice(document.offsetAt(range.end));
}

const ROOT_KEYS = ['competency', 'id', 'roles', 'tags', 'summary', 'why_it_matters', 'evaluation', 'signals', 'rating_scale', 'review', 'questions', 'faq'];
const QUESTION = lines('competency: X', 'id: x', 'summary: S', 'questions:', '  - id: first', '    text: Tell me about a time.');

describe('completion in competency files: keys', () => {
  test('an empty file offers every top-level key, required ones first, with their descriptions', () => {
    const items = complete('|');
    assert.deepEqual(labels(items).sort(), [...ROOT_KEYS].sort());
    assert.deepEqual(sortedLabels(items).slice(0, 4), ['competency', 'id', 'summary', 'questions']);
    assert.match(String((item(items, 'summary').documentation as { value: string }).value), /What the competency is/);
    assert.equal(item(items, 'questions').detail, 'required · list of entries');
  });

  test('a key gets a value skeleton: a list item for lists, a folded block for Markdown, the first question for questions', () => {
    const items = complete('|');
    assert.equal(applied('|', items, 'questions'), 'questions:\n  - id: ${1}\n    text: ${2}\n    areas_to_cover:\n      - ${3}\n    follow_ups:\n      - ${4}');
    assert.equal(applied('|', items, 'summary'), 'summary: >-\n  $1');
    assert.equal(applied('|', items, 'tags'), 'tags:\n  - $1');
    assert.equal(applied('|', items, 'review'), 'review:\n  $0');
    assert.deepEqual(item(items, 'review').command?.command, 'editor.action.triggerSuggest');
    assert.equal(item(items, 'competency').command, undefined);
  });

  test('keys already present are not offered; the partial word is replaced', () => {
    const marked = lines('competency: X', 'id: x', 'su|', 'questions: []');
    const items = complete(marked);
    assert.deepEqual(labels(items).sort(), ROOT_KEYS.filter((k) => !['competency', 'id', 'questions'].includes(k)).sort());
    assert.equal(applied(marked, items, 'summary'), lines('competency: X', 'id: x', 'summary: >-', '  $1', 'questions: []'));
  });

  test('inside a question: the question keys not yet written, with the indentation of the question', () => {
    const marked = `${QUESTION}    |`;
    const items = complete(marked);
    assert.deepEqual(labels(items), ['areas_to_cover', 'follow_ups', 'minutes', 'tags']);
    assert.equal(item(items, 'follow_ups').detail, 'expected · list of strings');
    assert.equal(edit(items, 'follow_ups').newText, 'follow_ups:\n      - $1');
    assert.equal(edit(items, 'minutes').newText, 'minutes: ${1:12}');
  });

  test('after `- ` in the questions list: the keys of a new question', () => {
    const marked = `${QUESTION}  - |`;
    const items = complete(marked, { trigger: ' ' });
    assert.deepEqual(labels(items), ['id', 'text', 'areas_to_cover', 'follow_ups', 'minutes', 'tags']);
    assert.equal(edit(items, 'text').newText, 'text: >-\n      $1');
    assert.equal(edit(items, 'areas_to_cover').newText, 'areas_to_cover:\n      - $1');
  });

  test('after `- ` with keys already below the dash, those keys are left out', () => {
    const items = complete(lines('questions:', '  - |', '    text: Tell me about a time.'));
    assert.ok(!labels(items).includes('text'));
    assert.ok(labels(items).includes('id'));
  });

  test('a blank line at the list column offers a whole new question', () => {
    const marked = `${QUESTION}  |`;
    const items = complete(marked);
    assert.deepEqual(labels(items), ['- (new question)']);
    assert.equal(edit(items, '- (new question)').newText, '- id: ${1}\n    text: ${2}\n    areas_to_cover:\n      - ${3}\n    follow_ups:\n      - ${4}');
  });

  test('under a key with no value yet: the keys of the mapping it holds', () => {
    const items = complete(lines('review:', '  |'));
    assert.deepEqual(labels(items), ['status', 'owner', 'last_reviewed']);
    assert.equal(edit(items, 'status').newText, 'status: ${1|draft,in-review,approved|}');
  });

  test('in a flow mapping: the keys not yet in it, written inline', () => {
    const items = complete(lines('rating_scale:', '  - { score: 1, | }'));
    assert.deepEqual(labels(items), ['label', 'anchor']);
    assert.equal(edit(items, 'label').newText, 'label: $1');
  });

  test('on an existing key, only the name is replaced', () => {
    const marked = lines('questions:', '  - id: a', '    follow|_ups: [x]');
    const items = complete(marked);
    assert.equal(edit(items, 'follow_ups').newText, 'follow_ups');
    const { range } = edit(items, 'follow_ups');
    assert.deepEqual([range.start.character, range.end.character], [4, 14]);
  });

  test('nothing inside text, block scalars, after a value, or at a space typed inside a sentence', () => {
    assert.deepEqual(complete(lines('summary: >-', '  Some |text')), []);
    assert.deepEqual(complete(lines('questions:', '  - id: a', '    text: Tell me', '      about |')), []);
    assert.deepEqual(complete(lines('competency: Service Orientation |')), []);
    assert.deepEqual(complete(lines('competency: Service |'), { trigger: ' ' }), []);
    assert.deepEqual(complete('# a comment |\n'), []);
  });
});

describe('completion in competency files: values', () => {
  test('enum values for review.status, replacing what is typed', () => {
    const marked = lines('review:', '  status: dr|');
    const items = complete(marked);
    assert.deepEqual(labels(items), ['draft', 'in-review', 'approved']);
    assert.equal(applied(marked, items, 'approved'), lines('review:', '  status: approved'));
  });

  test('enum values in flow style', () => {
    assert.deepEqual(labels(complete('review: { status: | }\n')), ['draft', 'in-review', 'approved']);
  });

  test('free-text values get nothing', () => {
    assert.deepEqual(complete(lines('review:', '  owner: |')), []);
  });
});

describe('completion in broken or unusual YAML', () => {
  test('a file that does not parse still completes keys', () => {
    const marked = lines('competency: "unclosed', 'id: x', '\tsummary: tabs', 'questions:', '  - id: a', '    |');
    assert.deepEqual(labels(complete(marked)), ['text', 'areas_to_cover', 'follow_ups', 'minutes', 'tags']);
  });

  test('a stray line without a colon does not hide the structure', () => {
    const marked = lines('questions:', '  - id: a', '  oops no colon here', '  - id: b', '    |');
    assert.deepEqual(labels(complete(marked)), ['text', 'areas_to_cover', 'follow_ups', 'minutes', 'tags']);
  });

  test('compact lists (dashes at the key column)', () => {
    const marked = lines('questions:', '- id: a', '  |');
    assert.deepEqual(labels(complete(marked)), ['text', 'areas_to_cover', 'follow_ups', 'minutes', 'tags']);
  });

  test('CRLF line ends', () => {
    const items = complete('review:\r\n  status: |\r\n');
    assert.deepEqual(labels(items), ['draft', 'in-review', 'approved']);
  });
});

describe('completion in guide files', () => {
  test('keys of a guide and of a section', () => {
    assert.deepEqual(labels(complete('|', { uri: GUIDE })).sort(), ['closing', 'duration_minutes', 'guide', 'id', 'intro', 'role', 'sections']);
    const items = complete(lines('sections:', '  - competency: x', '    |'), { uri: GUIDE });
    assert.deepEqual(labels(items), ['questions', 'minutes']);
    assert.equal(edit(items, 'questions').newText, 'questions:\n      - $1');
    assert.equal(item(items, 'questions').command?.command, 'editor.action.triggerSuggest');
  });

  test('competency ids of the whole workspace, with their names and summaries', () => {
    const marked = lines('sections:', '  - competency: |');
    const items = withoutIcu(() => complete(marked, { uri: GUIDE, trigger: ' ' }));
    assert.deepEqual(labels(items), ['resourcefulness', 'service-orientation']);
    assert.equal(item(items, 'service-orientation').detail, 'Service Orientation');
    assert.match(String((item(items, 'service-orientation').documentation as { value: string }).value), /person with a problem/);
  });

  test('the question ids of the section competency, without those already chosen (flow list)', () => {
    const items = complete(lines('sections:', '  - competency: service-orientation', '    questions: [frustrated-user, |]'), { uri: GUIDE, trigger: ' ' });
    assert.deepEqual(labels(items), ['explain-without-jargon']);
    assert.match(String((items[0].documentation as { value: string }).value), /explained a technical problem/);
  });

  test('right after `[` and in the middle of a flow list', () => {
    assert.deepEqual(labels(complete(lines('sections:', '  - competency: service-orientation', '    questions: [|]'), { uri: GUIDE, trigger: '[' })), [
      'frustrated-user',
      'explain-without-jargon',
    ]);
    const marked = lines('sections:', '  - competency: service-orientation', '    questions: ["explain-without-jargon", fru|, x]');
    const items = complete(marked, { uri: GUIDE });
    assert.deepEqual(labels(items), ['frustrated-user']);
    assert.equal(applied(marked, items, 'frustrated-user', GUIDE), lines('sections:', '  - competency: service-orientation', '    questions: ["explain-without-jargon", frustrated-user, x]'));
  });

  test('a flow list written over several lines', () => {
    const marked = lines('sections:', '  - competency: service-orientation', '    questions: [', '      frustrated-user,', '      |', '    ]');
    assert.deepEqual(labels(complete(marked, { uri: GUIDE })), ['explain-without-jargon']);
  });

  test('a block list, after `- `', () => {
    const marked = lines('sections:', '  - competency: resourcefulness', '    questions:', '      - unfamiliar-system', '      - |');
    assert.deepEqual(labels(complete(marked, { uri: GUIDE, trigger: ' ' })), ['frustrated-user']);
  });

  test('a section whose competency is unknown or missing gets no question ids', () => {
    assert.deepEqual(complete(lines('sections:', '  - competency: nope', '    questions: [|]'), { uri: GUIDE }), []);
    assert.deepEqual(complete(lines('sections:', '  - questions: [|]'), { uri: GUIDE }), []);
  });

  test('the fixture guide itself: completion between two chosen ids', () => {
    const text = FILES[ONSITE_URI].replace('[frustrated-user, "explain-without-jargon"]', '[frustrated-user, |"explain-without-jargon"]');
    const items = complete(text, { uri: GUIDE });
    assert.deepEqual(labels(items), ['explain-without-jargon']);
  });
});

describe('completion in suppression comments', () => {
  test('rule ids, without those already named and without yaml-syntax', () => {
    const items = complete('# competency-lint-disable-next-line missing-follow-ups, |\n', { trigger: ' ' });
    assert.ok(labels(items).includes('missing-areas-to-cover'));
    assert.ok(labels(items).includes('schema'));
    assert.ok(!labels(items).includes('missing-follow-ups'));
    assert.ok(!labels(items).includes('yaml-syntax'));
  });

  test('nothing after the reason separator', () => {
    assert.deepEqual(complete('# competency-lint-disable protected-topic -- because |\n'), []);
  });
});

test('the caret helper strips the caret and gives its offset', () => {
  assert.deepEqual(caret('ab|c'), { text: 'abc', offset: 2 });
  assert.throws(() => caret('abc'));
  assert.throws(() => caret('a|b|c'));
});
