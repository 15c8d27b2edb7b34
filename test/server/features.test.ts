import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type {
  CodeLens,
  CompletionList,
  DocumentSymbol,
  FoldingRange,
  Hover,
  Location,
  LocationLink,
  Range,
  SelectionRange,
  ServerCapabilities,
  WorkspaceEdit,
  WorkspaceSymbol,
} from 'vscode-languageserver-protocol';
import { LspTestClient, fileUri } from '../helpers/lspClient';
import { FILES, ONSITE_URI, PHONE_URI, RESOURCE_URI, SERVICE_URI } from '../unit/features/workspaceFixture';

/** The fixture bank written to a folder, by file name. */
const NAMES: Record<string, string> = {
  [SERVICE_URI]: 'service.competency.yaml',
  [RESOURCE_URI]: 'resourcefulness.competency.yaml',
  [ONSITE_URI]: 'guides/onsite.guide.yaml',
  [PHONE_URI]: 'guides/phone.guide.yaml',
};

function positionOf(text: string, find: string, after = 2): { line: number; character: number } {
  const at = text.indexOf(find);
  assert.ok(at !== -1, find);
  const before = text.slice(0, at + after).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

describe('language features of the bundled server over stdio', () => {
  let client: LspTestClient;
  let folder: string;
  let capabilities: ServerCapabilities;
  const uri = (fixture: string) => fileUri(path.join(folder, NAMES[fixture]));

  before(async () => {
    folder = mkdtempSync(path.join(tmpdir(), 'cg-features-'));
    mkdirSync(path.join(folder, 'guides'));
    for (const [fixture, name] of Object.entries(NAMES)) writeFileSync(path.join(folder, name), FILES[fixture]);
    client = new LspTestClient({ lint: { run: 'onSave' }, validate: { delay: 0 } });
    capabilities = ((await client.initialize(folder)) as { capabilities: ServerCapabilities }).capabilities;
    // Every file is published once the workspace is indexed.
    for (const fixture of Object.keys(NAMES)) await client.diagnostics(uri(fixture));
  });

  after(async () => {
    await client.dispose();
    rmSync(folder, { recursive: true, force: true });
  });

  test('the capabilities', () => {
    assert.deepEqual(capabilities.completionProvider?.triggerCharacters, [' ', '[', ',']);
    for (const key of ['hoverProvider', 'documentSymbolProvider', 'workspaceSymbolProvider', 'definitionProvider', 'referencesProvider', 'renameProvider', 'foldingRangeProvider', 'selectionRangeProvider', 'codeLensProvider'] as const) {
      assert.ok(capabilities[key], key);
    }
  });

  test('completion: competency ids of the workspace and question ids of the section', async () => {
    const guide = fileUri(path.join(folder, 'guides', 'new.guide.yaml'));
    const text = 'guide: New\nid: new-guide\nduration_minutes: 30\nsections:\n  - competency: \n    questions: [frustrated-user, ]\n';
    await client.open(guide, text, 'interview-guide-yaml');
    const ids = await client.request<CompletionList>('textDocument/completion', {
      textDocument: { uri: guide },
      position: { line: 4, character: 16 },
      context: { triggerKind: 2, triggerCharacter: ' ' },
    });
    assert.deepEqual(ids.items.map((i) => i.label), ['resourcefulness', 'service-orientation']);
    assert.equal(ids.items[1].detail, 'Service Orientation');

    const version = await client.change(guide, [{ range: { start: { line: 4, character: 16 }, end: { line: 4, character: 16 } }, text: 'service-orientation' }]);
    assert.equal(version, 2);
    const questions = await client.request<CompletionList>('textDocument/completion', {
      textDocument: { uri: guide },
      position: { line: 5, character: 33 },
      context: { triggerKind: 2, triggerCharacter: ' ' },
    });
    assert.deepEqual(questions.items.map((i) => i.label), ['explain-without-jargon']);
    await client.close(guide);
  });

  test('completion: schema keys with a skeleton at the right indentation', async () => {
    const file = fileUri(path.join(folder, 'draft.competency.yaml'));
    await client.open(file, 'competency: Draft\nquestions:\n  - id: a\n    \n');
    const list = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri: file }, position: { line: 3, character: 4 } });
    const followUps = list.items.find((i) => i.label === 'follow_ups');
    assert.equal(followUps?.textEdit && 'range' in followUps.textEdit ? followUps.textEdit.newText : undefined, 'follow_ups:\n      - $1');
    assert.equal(followUps?.insertTextMode, 1, 'indentation is written as is');
    await client.close(file);
  });

  test('hover: key documentation and a chosen question', async () => {
    const onsite = uri(ONSITE_URI);
    await client.open(onsite, FILES[ONSITE_URI], 'interview-guide-yaml');
    const key = await client.request<Hover>('textDocument/hover', { textDocument: { uri: onsite }, position: positionOf(FILES[ONSITE_URI], 'duration_minutes') });
    assert.match((key.contents as { value: string }).value, /length of the interview slot/);
    const question = await client.request<Hover>('textDocument/hover', { textDocument: { uri: onsite }, position: positionOf(FILES[ONSITE_URI], 'unfamiliar-system') });
    assert.match((question.contents as { value: string }).value, /fixed a system you had never seen/);
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri: onsite }, position: { line: 0, character: 12 } }), null);
  });

  test('document symbols, folding and selection ranges of an open guide', async () => {
    const onsite = uri(ONSITE_URI);
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: onsite } });
    assert.deepEqual(symbols[0].children?.filter((s) => s.kind === 2).map((s) => s.name), ['Service Orientation', 'Resourcefulness']);
    const folds = await client.request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri: onsite } });
    assert.deepEqual(folds.map((f) => [f.startLine, f.endLine]), [[3, 8], [4, 5], [6, 8]]);
    const [selection] = await client.request<SelectionRange[]>('textDocument/selectionRange', {
      textDocument: { uri: onsite },
      positions: [positionOf(FILES[ONSITE_URI], 'unfamiliar-system')],
    });
    assert.deepEqual(selection.range, { start: { line: 7, character: 16 }, end: { line: 7, character: 33 } });
    assert.ok(selection.parent?.parent);
  });

  test('definition and references reach files that are not open', async () => {
    const onsite = uri(ONSITE_URI);
    const links = await client.request<LocationLink[]>('textDocument/definition', { textDocument: { uri: onsite }, position: positionOf(FILES[ONSITE_URI], 'frustrated-user') });
    assert.deepEqual(links.map((l) => [l.targetUri, l.targetSelectionRange.start.line]), [[uri(SERVICE_URI), 5]]);
    const references = await client.request<Location[]>('textDocument/references', {
      textDocument: { uri: onsite },
      position: positionOf(FILES[ONSITE_URI], 'frustrated-user'),
      context: { includeDeclaration: true },
    });
    assert.deepEqual(references.map((l) => `${path.basename(l.uri)}:${l.range.start.line}`).sort(), ['onsite.guide.yaml:5', 'phone.guide.yaml:6', 'service.competency.yaml:5']);
  });

  test('rename: a workspace edit for every file, refusals as errors with a message', async () => {
    const onsite = uri(ONSITE_URI);
    const position = positionOf(FILES[ONSITE_URI], 'frustrated-user');
    const prepared = await client.request<{ range: Range; placeholder: string }>('textDocument/prepareRename', { textDocument: { uri: onsite }, position });
    assert.equal(prepared.placeholder, 'frustrated-user');
    await assert.rejects(client.request('textDocument/prepareRename', { textDocument: { uri: onsite }, position: { line: 2, character: 3 } }), /Only a competency id/);

    const edit = await client.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri: onsite }, position, newName: 'upset-user' });
    assert.deepEqual(Object.keys(edit.changes ?? {}).sort(), [uri(ONSITE_URI), uri(PHONE_URI), uri(SERVICE_URI)].sort());
    assert.ok(Object.values(edit.changes!).flat().every((e) => e.newText === 'upset-user'));
    await assert.rejects(client.request('textDocument/rename', { textDocument: { uri: onsite }, position, newName: 'Upset User' }), /not a valid id/);
    await assert.rejects(client.request('textDocument/rename', { textDocument: { uri: onsite }, position, newName: 'explain-without-jargon' }), /already has a question/);
  });

  test('workspace symbols search the whole bank', async () => {
    const symbols = await client.request<WorkspaceSymbol[]>('workspace/symbol', { query: 'never seen' });
    assert.deepEqual(symbols.map((s) => [s.name, path.basename((s.location as Location).uri)]), [['Tell me about a time you fixed a system you had never seen.', 'resourcefulness.competency.yaml']]);
  });

  test('code lenses of a competency and a guide', async () => {
    const service = uri(SERVICE_URI);
    await client.open(service, FILES[SERVICE_URI]);
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: service } });
    assert.deepEqual(lenses.map((l) => l.command?.title), ['2 questions', '1 without follow-ups', '~20 min planned']);
    assert.deepEqual(lenses[1].command?.arguments, [service, 12]);
    const guideLenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: uri(ONSITE_URI) } });
    assert.equal(guideLenses[0].command?.title, '35 min planned · 5 over the 30-minute slot');
    await client.close(service);
  });

  test('requests about documents the server does not know get neutral answers', async () => {
    const unknown = fileUri(path.join(folder, 'never-opened.competency.yaml'));
    assert.deepEqual(await client.request('textDocument/documentSymbol', { textDocument: { uri: unknown } }), []);
    assert.equal(await client.request('textDocument/completion', { textDocument: { uri: unknown }, position: { line: 0, character: 0 } }), null);
    assert.deepEqual(await client.request('textDocument/codeLens', { textDocument: { uri: unknown } }), []);
  });
});
