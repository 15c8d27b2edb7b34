import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { lintFiles } from '../../server/src/cli/lintFiles';
import { fileKindOf } from '../../server/src/core/fileKind';
import { LspTestClient, REPO_ROOT, fileUri } from '../helpers/lspClient';

const EXAMPLES = path.join(REPO_ROOT, 'examples');
/** A small valid competency whose id and question text are its own, so files of different tests never collide. */
function bank(id: string): string {
  return [
    'competency: Service Orientation',
    `id: ${id}`,
    'summary: Helping users well.',
    'questions:',
    '  - id: frustrated-user',
    `    text: Tell me about ${id}.`,
    '    areas_to_cover: [How they read the user]',
    '    follow_ups: [What told you?]',
    '',
  ].join('\n');
}

function examples(): string[] {
  const files: string[] = [];
  for (const dir of [EXAMPLES, path.join(EXAMPLES, 'broken')]) {
    for (const name of readdirSync(dir).sort()) if (fileKindOf(name)) files.push(path.join(dir, name));
  }
  return files;
}

describe('the bundled server over stdio', () => {
  let client: LspTestClient;
  let workspace: string;

  before(async () => {
    workspace = mkdtempSync(path.join(tmpdir(), 'cg-server-'));
    client = new LspTestClient({ lint: { run: 'onSave' }, validate: { delay: 0 } });
    const result = (await client.initialize(workspace)) as { capabilities: { textDocumentSync: { save: unknown; change: number } } };
    assert.equal(result.capabilities.textDocumentSync.change, 2, 'incremental sync');
    assert.ok(result.capabilities.textDocumentSync.save, 'the server wants save notifications');
  });

  after(async () => {
    await client.dispose();
    rmSync(workspace, { recursive: true, force: true });
  });

  test('exact ranges: an unknown key is underlined on the key itself', async () => {
    const uri = fileUri(path.join(workspace, 'ranges.competency.yaml'));
    await client.open(uri, bank('case-1').replace('follow_ups:', 'follow_up:'));
    const diagnostics = await client.nextPublish(uri, 1);
    const schema = diagnostics.filter((d) => d.code === 'schema');
    assert.equal(schema.length, 1);
    assert.deepEqual(schema[0].range, { start: { line: 7, character: 4 }, end: { line: 7, character: 13 } });
    assert.equal(schema[0].severity, 1);
    assert.equal(schema[0].message, 'Unknown key `follow_up`. Did you mean `follow_ups`?');
    const lint = diagnostics.filter((d) => d.code === 'missing-follow-ups');
    assert.equal(lint.length, 1, 'the misspelled key means the question has no follow-ups');
    assert.equal(lint[0].severity, 2);
    assert.deepEqual(lint[0].range, { start: { line: 5, character: 4 }, end: { line: 5, character: 8 } });
    await client.close(uri);
  });

  test('onSave: schema problems as you type, lint problems only after save', async () => {
    const uri = fileUri(path.join(workspace, 'on-save.competency.yaml'));
    await client.open(uri, bank('case-2'));
    assert.deepEqual(await client.nextPublish(uri, 1), []);

    // Remove the follow-ups line and misspell `summary`.
    const removeFollowUps = { range: { start: { line: 7, character: 0 }, end: { line: 8, character: 0 } }, text: '' };
    const typo = { range: { start: { line: 2, character: 0 }, end: { line: 2, character: 7 } }, text: 'sumary' };
    const version = await client.change(uri, [removeFollowUps, typo]);
    const typed = await client.nextPublish(uri, version);
    assert.deepEqual(typed.map((d) => d.message), ['Unknown key `sumary`. Did you mean `summary`?'], JSON.stringify(typed));

    await client.save(uri);
    const saved = await client.diagnostics(uri, (d) => d.some((x) => x.code === 'missing-follow-ups'));
    assert.deepEqual(saved.map((d) => d.code).sort(), ['missing-follow-ups', 'schema']);

    // Fixing the file clears the schema problems at once and the lint problem on the next save.
    const fix = await client.change(uri, [
      { range: { start: { line: 2, character: 0 }, end: { line: 2, character: 6 } }, text: 'summary' },
      { range: { start: { line: 7, character: 0 }, end: { line: 7, character: 0 } }, text: '    follow_ups: [Why?]\n' },
    ]);
    const fixed = await client.nextPublish(uri, fix);
    assert.deepEqual(fixed.map((d) => d.code), ['missing-follow-ups'], 'lint results stay until the next save');
    await client.save(uri);
    await client.diagnostics(uri, (d) => d.length === 0);
    await client.close(uri);
  });

  test('onSave: typing right after opening does not get linted before a save', async () => {
    const uri = fileUri(path.join(workspace, 'race.competency.yaml'));
    const clean = bank('race');
    await client.open(uri, clean);
    // No await between: the edit arrives before the check of the opened text is done.
    const version = await client.change(uri, [{ range: { start: { line: 7, character: 0 }, end: { line: 8, character: 0 } }, text: '' }]);
    const typed = await client.nextPublish(uri, version);
    assert.deepEqual(typed.map((d) => d.code), [], 'the unsaved edit is not linted');
    await client.save(uri);
    await client.diagnostics(uri, (d) => d.some((x) => x.code === 'missing-follow-ups'));
    await client.close(uri);
  });

  test('onType: lint problems appear without saving', async () => {
    await client.changeSettings({ lint: { run: 'onType' }, validate: { delay: 0 } });
    try {
      const uri = fileUri(path.join(workspace, 'on-type.competency.yaml'));
      await client.open(uri, bank('case-3'));
      assert.deepEqual(await client.nextPublish(uri, 1), []);
      const version = await client.change(uri, [{ range: { start: { line: 7, character: 0 }, end: { line: 8, character: 0 } }, text: '' }]);
      const typed = await client.nextPublish(uri, version);
      assert.deepEqual(typed.map((d) => d.code), ['missing-follow-ups']);
      await client.close(uri);
    } finally {
      await client.changeSettings({ lint: { run: 'onSave' }, validate: { delay: 0 } });
    }
  });

  test('a syntax error is published on its token and the file is still checked', async () => {
    const uri = fileUri(path.join(workspace, 'syntax.competency.yaml'));
    await client.open(uri, bank('case-4').replace('summary: Helping users well.', 'summary: "Helping users well.') + 'oops: [\n');
    const diagnostics = await client.nextPublish(uri, 1);
    const syntax = diagnostics.filter((d) => d.code === 'yaml-syntax');
    assert.ok(syntax.length >= 1, JSON.stringify(diagnostics));
    for (const d of syntax) assert.equal(d.range.start.line, d.range.end.line, 'syntax ranges stay on one line');
    await client.close(uri);
  });

  test('closing a document clears its diagnostics', async () => {
    const uri = fileUri(path.join(workspace, 'close.competency.yaml'));
    await client.open(uri, bank('case-5').replace('follow_ups:', 'follow_up:'));
    assert.ok((await client.nextPublish(uri, 1)).length > 0);
    await client.close(uri);
    await client.diagnostics(uri, (d) => d.length === 0);
  });

  test('the nearest .competency-lint.yaml applies, and editing it re-lints open files', async () => {
    const folder = mkdtempSync(path.join(workspace, 'configured-'));
    const configPath = path.join(folder, '.competency-lint.yaml');
    writeFileSync(configPath, 'rules:\n  missing-follow-ups: [warning, { min: 2 }]\n');
    const uri = fileUri(path.join(folder, 'deep.competency.yaml'));
    await client.open(uri, bank('case-6'));
    const first = await client.nextPublish(uri, 1);
    assert.deepEqual(first.map((d) => d.code), ['missing-follow-ups']);
    assert.match(String(first[0].message), /has 1 follow-up question; at least 2 are expected/);

    // The config opened and edited in the editor (unsaved) takes effect at once.
    const configUri = fileUri(configPath);
    await client.open(configUri, readFileSync(configPath, 'utf8'), 'yaml');
    await client.nextPublish(configUri, 1);
    const configVersion = await client.change(configUri, [{ text: 'rules:\n  missing-follow-ups: off\n  not-a-rule: warning\n' }]);
    const configProblems = await client.nextPublish(configUri, configVersion);
    assert.deepEqual(configProblems.map((d) => [d.range.start.line, d.code]), [[2, 'config']]);
    await client.diagnostics(uri, (d) => d.length === 0);
    await client.close(configUri);
    await client.close(uri);
  });
});

describe('the preview between a keystroke and its check', () => {
  test("a render runs the edit's pending check and shows its problems, published to the editor too", async () => {
    const workspace = mkdtempSync(path.join(tmpdir(), 'cg-render-'));
    // The longest typing delay the setting allows: the render must not wait for it, nor check the file apart.
    const client = new LspTestClient({ lint: { run: 'onSave' }, validate: { delay: 2000 } });
    try {
      await client.initialize(workspace);
      const uri = fileUri(path.join(workspace, 'pending.competency.yaml'));
      const text = bank('pending');
      await client.open(uri, text);
      assert.deepEqual(await client.nextPublish(uri, 1), []);
      const line = text.split('\n').findIndex((l) => l.includes('follow_ups:'));
      const version = await client.change(uri, [{ range: { start: { line, character: 4 }, end: { line, character: 14 } }, text: 'follow_upz' }]);
      const rendered = await client.request<{ html: string; version: number }>('competencyGuides/renderGuide', { uri });
      assert.equal(rendered.version, version);
      assert.match(rendered.html, /data-rule="schema"/);
      const published = client.published.filter((p) => p.uri === uri).at(-1);
      assert.equal(published?.version, version, 'the check the render ran was published before the render answered');
      assert.deepEqual(published?.diagnostics.map((d) => [d.range.start.line, d.code]), [[line, 'schema']]);
    } finally {
      await client.dispose();
      rmSync(workspace, { recursive: true, force: true });
    }
  });
});

describe('the whole bank: files that are not open, and the same problems as the CLI', () => {
  let client: LspTestClient;
  before(async () => {
    client = new LspTestClient({ lint: { run: 'onSave' }, validate: { delay: 0 } });
    await client.initialize(EXAMPLES);
  });
  after(() => client.dispose());

  test('every example file gets the problems the command line reports, without being opened', async () => {
    const files = examples().map((absolutePath) => ({ absolutePath, path: path.relative(EXAMPLES, absolutePath) }));
    const cli = await lintFiles(files, files, { fix: false });
    for (const file of cli) {
      const expected = file.problems.map((p) => `${p.line}:${p.column} ${p.ruleId} ${p.message}`).sort();
      const uri = fileUri(file.absolutePath);
      const published = await client.diagnostics(uri, (d) => d.length === expected.length);
      const actual = published.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code} ${d.message}`).sort();
      assert.deepEqual(actual, expected, file.path);
      for (const diagnostic of published) {
        assert.equal(diagnostic.source, 'competency-guides');
        assert.ok(diagnostic.codeDescription?.href.endsWith(`/docs/rules/${diagnostic.code}.md`), diagnostic.codeDescription?.href);
      }
      const clean = !file.path.startsWith('broken');
      assert.equal(expected.length === 0, clean, `${file.path} should ${clean ? '' : 'not '}be clean`);
    }
  });

  test('the broken examples show every diagnostic the code can produce', async () => {
    const files = examples().filter((f) => f.includes(`${path.sep}broken${path.sep}`)).map((absolutePath) => ({ absolutePath, path: absolutePath }));
    const all = examples().map((absolutePath) => ({ absolutePath, path: absolutePath }));
    const codes = new Set((await lintFiles(files, all, { fix: false })).flatMap((f) => f.problems.map((p) => p.ruleId)));
    const { rules } = await import('../../server/src/core/rules');
    const expected = ['yaml-syntax', 'schema', 'suppression', ...rules.map((r) => r.id)].sort();
    assert.deepEqual([...codes].sort(), expected);
  });
});
