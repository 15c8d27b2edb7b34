import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Location, Range, TextEdit } from 'vscode-languageserver';
import { findDefinition, findReferences, workspaceFiles } from '../../../server/src/features/navigation';
import { prepareRename, renameId } from '../../../server/src/features/rename';
import { caret, summaryOf } from './caret';
import { FILES, ONSITE_URI, PHONE_URI, RESOURCE_URI, SERVICE_URI } from './workspaceFixture';

/** The fixture workspace with one file's text replaced by a caret-marked version of it. */
function workspace(uri: string, marked: string) {
  const { text, offset } = caret(marked);
  const texts: Record<string, string> = { ...FILES, [uri]: text };
  const files = Object.entries(texts).map(([u, t]) => summaryOf(u, t));
  return { file: files.find((f) => f.uri === uri)!, offset, files, texts };
}

/** Marks the first occurrence of `find` in a fixture file with a caret after its first `after` characters. */
function mark(uri: string, find: string, after = 2): string {
  const text = FILES[uri];
  const at = text.indexOf(find);
  assert.ok(at !== -1, find);
  return `${text.slice(0, at + after)}|${text.slice(at + after)}`;
}

function shown(texts: Record<string, string>, uri: string, range: Range): string {
  const lines = texts[uri].split('\n');
  return `${uri.replace(/^.*\//, '')}:${range.start.line}:${lines[range.start.line].slice(range.start.character, range.end.character)}`;
}

const places = (texts: Record<string, string>, locations: Location[]) => locations.map((l) => shown(texts, l.uri, l.range));

describe('go to definition', () => {
  test('from a guide section competency to the competency file id', () => {
    const { file, offset, files, texts } = workspace(ONSITE_URI, mark(ONSITE_URI, 'service-orientation'));
    const links = findDefinition(file, offset, files);
    assert.deepEqual(links.map((l) => shown(texts, l.targetUri, l.targetSelectionRange)), ['service.competency.yaml:1:service-orientation']);
    assert.equal(shown(texts, ONSITE_URI, links[0].originSelectionRange!), 'onsite.guide.yaml:4:service-orientation');
  });

  test('from a chosen question (flow, quoted, block) to the question of the section competency', () => {
    for (const [uri, find, line] of [
      [ONSITE_URI, 'frustrated-user', 5],
      [ONSITE_URI, 'explain-without', 12],
      [PHONE_URI, 'frustrated-user', 5],
    ] as const) {
      const { file, offset, files, texts } = workspace(uri, mark(uri, find));
      const links = findDefinition(file, offset, files);
      assert.equal(links.length, 1, find);
      assert.equal(shown(texts, links[0].targetUri, links[0].targetRange).split(':').slice(0, 2).join(':'), `service.competency.yaml:${line}`);
    }
    const { file, offset, files } = workspace(ONSITE_URI, mark(ONSITE_URI, 'unfamiliar-system'));
    assert.equal(findDefinition(file, offset, files)[0].targetUri, RESOURCE_URI);
  });

  test('on a declaration it is the declaration itself; elsewhere nothing', () => {
    const { file, offset, files } = workspace(SERVICE_URI, mark(SERVICE_URI, 'frustrated-user'));
    assert.equal(findDefinition(file, offset, files)[0].targetUri, SERVICE_URI);
    const other = workspace(SERVICE_URI, mark(SERVICE_URI, 'Tell me'));
    assert.deepEqual(findDefinition(other.file, other.offset, other.files), []);
  });
});

describe('find references', () => {
  test('a question id: its declaration and every guide choosing it from that competency only', () => {
    const { file, offset, files, texts } = workspace(SERVICE_URI, mark(SERVICE_URI, 'frustrated-user'));
    assert.deepEqual(places(texts, findReferences(file, offset, files, true)), [
      'service.competency.yaml:5:frustrated-user',
      'onsite.guide.yaml:5:frustrated-user',
      'phone.guide.yaml:6:frustrated-user',
    ]);
    assert.equal(findReferences(file, offset, files, false).length, 2);
  });

  test('a competency id from a guide', () => {
    const { file, offset, files, texts } = workspace(PHONE_URI, mark(PHONE_URI, 'service-orientation'));
    assert.deepEqual(places(texts, findReferences(file, offset, files, true)), [
      'service.competency.yaml:1:service-orientation',
      'onsite.guide.yaml:4:service-orientation',
      'phone.guide.yaml:4:service-orientation',
    ]);
  });

  test('open documents win over the index', () => {
    const open = summaryOf(PHONE_URI, FILES[PHONE_URI].replace('      - frustrated-user\n', ''));
    const indexed = Object.entries(FILES).map(([u, t]) => summaryOf(u, t));
    const files = [...workspaceFiles(indexed, [open])];
    assert.deepEqual(files.map((f) => f.uri).sort(), Object.keys(FILES).sort());
    const { file, offset } = workspace(SERVICE_URI, mark(SERVICE_URI, 'frustrated-user'));
    assert.equal(findReferences(file, offset, files, false).length, 1);
  });
});

describe('rename', () => {
  test('prepareRename gives the id range, or says what can be renamed', () => {
    const { file, offset } = workspace(ONSITE_URI, mark(ONSITE_URI, 'explain-without'));
    const result = prepareRename(file, offset);
    assert.ok('range' in result);
    assert.equal(result.placeholder, 'explain-without-jargon');
    const other = workspace(ONSITE_URI, mark(ONSITE_URI, 'duration_minutes'));
    assert.deepEqual(prepareRename(other.file, other.offset), { error: 'Only a competency id, a question id or a guide id can be renamed.' });
  });

  test('a question id: the declaration and every reference, quotes kept, other competencies untouched', () => {
    const { file, offset, files, texts } = workspace(ONSITE_URI, mark(ONSITE_URI, 'explain-without'));
    const result = renameId(file, offset, 'explain-plainly', files, (uri) => texts[uri]);
    assert.ok('edit' in result);
    const changes = result.edit.changes!;
    assert.deepEqual(Object.keys(changes).sort(), [ONSITE_URI, SERVICE_URI].sort());
    assert.deepEqual(apply(texts[ONSITE_URI], changes[ONSITE_URI]).split('\n')[5], '    questions: [frustrated-user, "explain-plainly"]');
    assert.match(apply(texts[SERVICE_URI], changes[SERVICE_URI]), /  - id: explain-plainly\n/);

    const shared = workspace(SERVICE_URI, mark(SERVICE_URI, 'frustrated-user'));
    const renamed = renameId(shared.file, shared.offset, 'upset-user', shared.files);
    assert.ok('edit' in renamed);
    assert.deepEqual(Object.keys(renamed.edit.changes!).sort(), [ONSITE_URI, PHONE_URI, SERVICE_URI].sort());
    assert.ok(!apply(shared.texts[SERVICE_URI], renamed.edit.changes![SERVICE_URI]).includes('frustrated-user'));
  });

  test('a competency id from its file renames the guide sections too', () => {
    const { file, offset, files, texts } = workspace(RESOURCE_URI, mark(RESOURCE_URI, 'id: resourcefulness', 6));
    const result = renameId(file, offset, 'resourceful', files);
    assert.ok('edit' in result);
    assert.equal(apply(texts[RESOURCE_URI], result.edit.changes![RESOURCE_URI]).split('\n')[1], 'id: resourceful');
    assert.equal(apply(texts[ONSITE_URI], result.edit.changes![ONSITE_URI]).split('\n')[6], '  - competency: resourceful');
  });

  test('refuses an id that is not kebab-case or already taken', () => {
    const question = workspace(ONSITE_URI, mark(ONSITE_URI, 'explain-without'));
    const invalid = renameId(question.file, question.offset, 'Explain Plainly', question.files);
    assert.ok('error' in invalid);
    assert.match(invalid.error, /`Explain Plainly` is not a valid id: .*kebab-case/);
    const taken = renameId(question.file, question.offset, 'frustrated-user', question.files);
    assert.deepEqual(taken, { error: 'The competency `service-orientation` already has a question `frustrated-user`; choose another id.' });
    // unfamiliar-system exists in another competency only: free for service-orientation.
    assert.ok('edit' in renameId(question.file, question.offset, 'unfamiliar-system', question.files));

    const competency = workspace(ONSITE_URI, mark(ONSITE_URI, 'service-orientation'));
    const takenCompetency = renameId(competency.file, competency.offset, 'resourcefulness', competency.files);
    assert.ok('error' in takenCompetency);
    assert.match(takenCompetency.error, /already used by the competency "Resourcefulness" in resourcefulness\.competency\.yaml/);
  });

  test('the same id is no change', () => {
    const { file, offset, files } = workspace(ONSITE_URI, mark(ONSITE_URI, 'service-orientation'));
    assert.deepEqual(renameId(file, offset, 'service-orientation', files), { edit: { changes: {} } });
  });
});

function apply(text: string, edits: TextEdit[]): string {
  const lines = text.split('\n');
  const offsetOf = (p: Range['start']) => lines.slice(0, p.line).reduce((sum, l) => sum + l.length + 1, 0) + p.character;
  return [...edits]
    .sort((a, b) => offsetOf(b.range.start) - offsetOf(a.range.start))
    .reduce((result, edit) => result.slice(0, offsetOf(edit.range.start)) + edit.newText + result.slice(offsetOf(edit.range.end)), text);
}
