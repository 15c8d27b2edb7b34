import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { LspTestClient, fileUri } from '../helpers/lspClient';

const COMPETENCY = [
  'competency: Service Orientation',
  'id: service-orientation',
  'summary: Helping users well.',
  'questions:',
  '  - id: frustrated-user',
  '    text: Tell me about a time you helped a frustrated user.',
  '    areas_to_cover: [How they read the user]',
  '    follow_ups: [What told you?]',
  '',
].join('\n');

const GUIDE = ['guide: Onsite', 'id: onsite', 'duration_minutes: 60', 'sections:', '  - competency: service-orientation', '    questions: [frustrated-user]', ''].join('\n');

const codes = (d: Diagnostic[]) => d.map((x) => x.code).sort();

describe('the workspace: closed files, files on disk, code actions', () => {
  let client: LspTestClient;
  let folder: string;

  before(async () => {
    folder = mkdtempSync(path.join(tmpdir(), 'cg-workspace-'));
    writeFileSync(path.join(folder, 'service.competency.yaml'), COMPETENCY);
    writeFileSync(path.join(folder, 'onsite.guide.yaml'), GUIDE);
    client = new LspTestClient({ lint: { run: 'onSave' }, validate: { delay: 0 } });
    await client.initialize(folder);
  });

  after(async () => {
    await client.dispose();
    rmSync(folder, { recursive: true, force: true });
  });

  test('files that were never opened are indexed and checked', async () => {
    assert.deepEqual(await client.diagnostics(fileUri(path.join(folder, 'onsite.guide.yaml'))), []);
    assert.deepEqual(await client.diagnostics(fileUri(path.join(folder, 'service.competency.yaml'))), []);
  });

  test('a change on disk to one file updates the cross-file problems of another', async () => {
    const competencyPath = path.join(folder, 'service.competency.yaml');
    const guideUri = fileUri(path.join(folder, 'onsite.guide.yaml'));
    writeFileSync(competencyPath, COMPETENCY.replace('id: frustrated-user', 'id: upset-user'));
    await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(competencyPath), type: 2 }] });
    const broken = await client.diagnostics(guideUri, (d) => d.length === 1);
    assert.equal(broken[0].code, 'unknown-reference');
    assert.equal(broken[0].message, 'The competency `service-orientation` has no question `frustrated-user`.');

    unlinkSync(competencyPath);
    await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(competencyPath), type: 3 }] });
    await client.diagnostics(fileUri(competencyPath), (d) => d.length === 0);
    const missing = await client.diagnostics(guideUri, (d) => d.some((x) => /No competency file has the id/.test(String(x.message))));
    assert.deepEqual(codes(missing), ['unknown-reference']);

    writeFileSync(competencyPath, COMPETENCY);
    await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(competencyPath), type: 1 }] });
    await client.diagnostics(guideUri, (d) => d.length === 0);
  });

  test('an unsaved edit in onSave mode does not change other files until it is saved', async () => {
    const uri = fileUri(path.join(folder, 'service.competency.yaml'));
    const guideUri = fileUri(path.join(folder, 'onsite.guide.yaml'));
    await client.open(uri, COMPETENCY);
    await client.nextPublish(uri, 1);
    const version = await client.change(uri, [{ range: { start: { line: 1, character: 4 }, end: { line: 1, character: 23 } }, text: 'service' }]);
    await client.nextPublish(uri, version);
    assert.deepEqual(await client.diagnostics(guideUri), [], 'the guide still sees the saved id');
    await client.save(uri);
    const guide = await client.diagnostics(guideUri, (d) => d.length > 0);
    assert.deepEqual(codes(guide), ['unknown-reference']);
    // Closing without saving: the file on disk (the old id) counts again.
    await client.close(uri);
    await client.diagnostics(guideUri, (d) => d.length === 0);
  });

  test('a quick fix renames an unknown key to the did-you-mean, touching nothing else', async () => {
    const uri = fileUri(path.join(folder, 'fix.competency.yaml'));
    const text = COMPETENCY.replace('id: service-orientation', 'id: fixes').replace('follow_ups: [What told you?]', 'follow_up: [What told you?]  # keep');
    await client.open(uri, text);
    const diagnostics = await client.nextPublish(uri, 1);
    const unknown = diagnostics.find((d) => d.code === 'schema')!;
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: unknown.range,
      context: { diagnostics: [unknown] },
    });
    const rename = actions.find((a) => a.title === 'Rename `follow_up` to `follow_ups`');
    assert.ok(rename, JSON.stringify(actions.map((a) => a.title)));
    assert.deepEqual(rename.edit?.changes?.[uri], [{ range: { start: { line: 7, character: 4 }, end: { line: 7, character: 13 } }, newText: 'follow_ups' }]);
    const suppress = actions.find((a) => a.title === 'Disable schema for this line...');
    assert.equal(suppress?.command?.command, 'competencyGuides.addSuppression');
    await client.close(uri);
  });

  test('quick fixes follow the workspace: a guide left as it was gets the did-you-mean of the ids there now', async () => {
    const competencyPath = path.join(folder, 'care.competency.yaml');
    const competencyUri = fileUri(competencyPath);
    const care = (id: string) => COMPETENCY.replace('id: service-orientation', `id: ${id}`).replace('a frustrated user', `a frustrated user (${id})`);
    writeFileSync(competencyPath, care('customer-care'));
    await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: competencyUri, type: 1 }] });
    await client.diagnostics(competencyUri);
    const uri = fileUri(path.join(folder, 'care.guide.yaml'));
    await client.open(uri, GUIDE.replace('id: onsite', 'id: care').replace('competency: service-orientation', 'competency: customer-cair'), 'interview-guide-yaml');
    const fixTitles = async (expected: RegExp) => {
      const diagnostic = (await client.diagnostics(uri, (d) => d.some((x) => expected.test(String(x.message))))).find((d) => d.code === 'unknown-reference')!;
      const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
      return actions.map((a) => a.title).filter((title) => title.startsWith('Change to'));
    };
    assert.deepEqual(await fixTitles(/customer-care/), ['Change to `customer-care`']);
    // Asked again at the same text (a cursor move): the same answer.
    assert.deepEqual(await fixTitles(/customer-care/), ['Change to `customer-care`']);
    writeFileSync(competencyPath, care('customer-core'));
    await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: competencyUri, type: 2 }] });
    assert.deepEqual(await fixTitles(/customer-core/), ['Change to `customer-core`']);
    await client.close(uri);
    unlinkSync(competencyPath);
    await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: competencyUri, type: 3 }] });
    await client.diagnostics(competencyUri, (d) => d.length === 0);
  });

  test('code actions for a diagnostic past the end of the text (a client a keystroke behind) still offer the suppression', async () => {
    const uri = fileUri(path.join(folder, 'behind.competency.yaml'));
    await client.open(uri, COMPETENCY.replace('id: service-orientation', 'id: behind'));
    await client.nextPublish(uri, 1);
    const past: Diagnostic = { range: { start: { line: 30, character: 4 }, end: { line: 30, character: 14 } }, message: 'old', source: 'competency-guides', code: 'missing-follow-ups' };
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: past.range, context: { diagnostics: [past] } });
    assert.deepEqual(actions.map((a) => a.title), ['Disable missing-follow-ups for this line...']);
    assert.equal((actions[0].command?.arguments?.[0] as { line: number }).line, COMPETENCY.split('\n').length - 1, 'the last line of the text');
    await client.close(uri);
  });

  test('fix-all returns every safe fix as one edit; a missing block gets a quick fix at the right indentation', async () => {
    const uri = fileUri(path.join(folder, 'fixall.competency.yaml'));
    const text = [
      'competency: Fix All',
      'id: fix-all',
      'summaryy: S',
      'questions:',
      '  - id: one',
      '    text: Tell me about a time you fixed everything at once.',
      '    areasToCover: [A]',
      '  - id: two',
      '    text: Describe the last time you cleaned up after an outage.',
      '    areas_to_cover: [B]',
      '    follow_ups: [C]',
      '',
    ].join('\n');
    await client.open(uri, text);
    const diagnostics = await client.nextPublish(uri, 1);
    const all = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll.competencyGuides'] },
    });
    assert.equal(all.length, 1);
    assert.equal(all[0].kind, 'source.fixAll.competencyGuides');
    assert.deepEqual(
      all[0].edit?.changes?.[uri]?.map((e) => [e.range.start.line, e.newText]),
      [
        [2, 'summary'],
        [6, 'areas_to_cover'],
      ],
    );
    const missing = diagnostics.find((d) => d.code === 'missing-follow-ups')!;
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: missing.range, context: { diagnostics: [missing] } });
    const add = actions.find((a) => a.title === 'Add `follow_ups` with a placeholder');
    assert.deepEqual(add?.edit?.changes?.[uri], [
      { range: { start: { line: 7, character: 0 }, end: { line: 7, character: 0 } }, newText: '    follow_ups:\n      - TODO add a probing follow-up question\n' },
    ]);
    await client.close(uri);
  });

  test('the editor-only severity override setting', async () => {
    const uri = fileUri(path.join(folder, 'override.competency.yaml'));
    await client.open(uri, COMPETENCY.replace('id: service-orientation', 'id: override').replace('helped a frustrated user', 'set severities').replace('    follow_ups: [What told you?]\n', ''));
    assert.equal((await client.nextPublish(uri, 1))[0].severity, 2);
    await client.changeSettings({ lint: { run: 'onSave', rules: { 'missing-follow-ups': 'error' } }, validate: { delay: 0 } });
    await client.diagnostics(uri, (d) => d.length === 1 && d[0].severity === 1);
    await client.changeSettings({ lint: { run: 'onSave', rules: { 'missing-follow-ups': 'off' } }, validate: { delay: 0 } });
    await client.diagnostics(uri, (d) => d.length === 0);
    await client.changeSettings({ lint: { run: 'onSave' }, validate: { delay: 0 } });
    await client.close(uri);
  });
});

describe('a file over the size limit', () => {
  test('gets one warning and is not parsed', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'cg-large-'));
    const client = new LspTestClient({ lint: { run: 'onSave' }, validate: { delay: 0, maxFileSize: 0.001 } });
    try {
      await client.initialize(folder);
      const uri = fileUri(path.join(folder, 'big.competency.yaml'));
      // Broken YAML too: were it parsed, a syntax error would be reported.
      await client.open(uri, `${COMPETENCY}${'  - [unclosed\n'.repeat(200)}`);
      const diagnostics = await client.nextPublish(uri, 1);
      assert.deepEqual(diagnostics.map((d) => d.code), ['too-large']);
      assert.match(String(diagnostics[0].message), /This file is \d+ KB, over the 1 KB limit/);
    } finally {
      await client.dispose();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('settings sent with initialize', () => {
  const WITHOUT_FOLLOW_UPS = COMPETENCY.replace('    follow_ups: [What told you?]\n', '');
  const asError = { lint: { run: 'onSave', rules: { 'missing-follow-ups': 'error' } }, validate: { delay: 0 } };
  let folder: string;
  let uri: string;
  let client: LspTestClient | undefined;

  before(() => {
    folder = mkdtempSync(path.join(tmpdir(), 'cg-seeded-'));
    writeFileSync(path.join(folder, 'service.competency.yaml'), WITHOUT_FOLLOW_UPS);
    uri = fileUri(path.join(folder, 'service.competency.yaml'));
  });

  after(async () => {
    await client?.dispose();
    rmSync(folder, { recursive: true, force: true });
  });

  test('the workspace is read with them, before the server has asked for anything', async () => {
    client = new LspTestClient(asError);
    // Never answered until the end: a server that waits for its settings before reading the workspace times out here.
    const release = client.holdConfiguration();
    try {
      await client.initialize(folder, { folderSettings: [{ uri: `${fileUri(folder)}/`, settings: asError }] });
      const diagnostics = await client.diagnostics(uri);
      assert.deepEqual(diagnostics.map((d) => [d.code, d.severity]), [['missing-follow-ups', 1]]);
    } finally {
      release();
      await client.dispose();
      client = undefined;
    }
  });

  test('a change made before the server asked to hear of changes still counts', async () => {
    // What the editor has now differs from what it sent: the rule was turned off in between.
    client = new LspTestClient({ lint: { run: 'onSave', rules: { 'missing-follow-ups': 'off' } }, validate: { delay: 0 } });
    await client.initialize(folder, { folderSettings: [{ uri: fileUri(folder), settings: asError }] });
    await client.diagnostics(uri, (d) => d.length === 0);
    assert.ok(client.configurationRequests >= 1, 'the server asked for the settings once it could hear of changes');
  });
});
