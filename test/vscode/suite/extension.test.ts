// Runs inside VS Code's extension host, against the extension as installed (the unzipped .vsix under code-server,
// or the repository under @vscode/test-electron). The workspace is a copy of test/vscode/fixtures.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { containsLines, snippetDefaultText } from '../../e2e/snippetBody.mjs';
import { EXTENSION_ID, SOURCE, codeOf, fixture, lineOf, startupTimings, waitForDiagnostics, waitUntil } from './helpers';

interface SnippetEntry {
  name: string;
  prefix: string | string[];
  body: string | string[];
}

function packagedSnippets(extension: vscode.Extension<unknown>, language: string): SnippetEntry[] {
  const contributed = (extension.packageJSON.contributes?.snippets ?? []) as { language: string; path: string }[];
  const entry = contributed.find((snippets) => snippets.language === language);
  assert.ok(entry, `the extension contributes snippets for ${language}`);
  const json = JSON.parse(fs.readFileSync(path.join(extension.extensionPath, entry.path), 'utf8'));
  return Object.entries(json).map(([name, snippet]) => ({ name, ...(snippet as Omit<SnippetEntry, 'name'>) }));
}

function snippetWithPrefix(extension: vscode.Extension<unknown>, prefix: string): SnippetEntry {
  const snippet = packagedSnippets(extension, 'competency-yaml').find((s) => [s.prefix].flat().includes(prefix));
  assert.ok(snippet, `a competency-yaml snippet has the prefix "${prefix}"`);
  return snippet;
}

suite('Competency Guides in the extension host', () => {
  let extension: vscode.Extension<unknown>;

  suiteSetup(() => {
    const found = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(found, `${EXTENSION_ID} is installed`);
    extension = found;
  });

  // Snippet tests leave edited documents behind: revert them, so closing asks nothing.
  teardown(async () => {
    for (let open = vscode.window.visibleTextEditors.length + 5; vscode.window.activeTextEditor && open > 0; open--) {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('activates in a workspace with bank files and reports problems of files not opened yet', async () => {
    // workspaceContains: the bank is checked before any file is opened, so the Problems panel is complete.
    await waitUntil(() => extension.isActive, 'the extension to activate');
    const broken = fixture('broken.competency.yaml');
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === broken.toString()), 'the broken fixture is not open');
    // The folder's settings (.vscode/settings.json) make missing follow-ups an error: they apply to closed files too.
    await waitForDiagnostics(
      broken,
      (all) => all.some((d) => d.source === SOURCE && codeOf(d) === 'missing-follow-ups' && d.severity === vscode.DiagnosticSeverity.Error),
      'missing-follow-ups as an error, per the folder settings, on the unopened broken fixture',
    );
    const document = await vscode.workspace.openTextDocument(fixture('valid.competency.yaml'));
    await vscode.window.showTextDocument(document);
    assert.equal(document.languageId, 'competency-yaml');
  });

  test('times its start-up: activation to a ready server and to the first diagnostics (printed, not judged)', async () => {
    await waitUntil(() => extension.isActive, 'the extension to activate');
    const timings = await startupTimings(extension);
    assert.ok(Number.isFinite(timings.serverReadyMs) && timings.serverReadyMs >= 0, `server ready: ${timings.serverReadyMs}`);
    assert.ok(Number.isFinite(timings.firstDiagnosticsMs) && timings.firstDiagnosticsMs >= 0, `first diagnostics: ${timings.firstDiagnosticsMs}`);
    assert.match(timings.firstDiagnosticsUri, /\.(competency|guide)\.ya?ml$/, 'the first diagnostics are for a bank file');
    // The figure the benchmark cannot see: the whole client and server start in a real VS Code.
    console.log(
      `      start-up in VS Code: server ready ${timings.serverReadyMs} ms, first diagnostics ${timings.firstDiagnosticsMs} ms after activation (${path.basename(timings.firstDiagnosticsUri)})`,
    );
  });

  test('reports schema and missing-follow-ups problems on a broken file', async () => {
    const uri = fixture('broken.competency.yaml');
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    const keyLine = lineOf(document, 'follow_up:');
    const textLine = lineOf(document, 'text: Tell me about a time you wrote');
    const has = (diagnostics: readonly vscode.Diagnostic[], code: string, line: number) =>
      diagnostics.some((d) => d.source === SOURCE && codeOf(d) === code && d.range.start.line === line);
    const diagnostics = await waitForDiagnostics(
      uri,
      (all) => has(all, 'schema', keyLine) && has(all, 'missing-follow-ups', textLine),
      `schema on line ${keyLine + 1} and missing-follow-ups on line ${textLine + 1}`,
    );
    const schema = diagnostics.find((d) => codeOf(d) === 'schema' && d.range.start.line === keyLine);
    assert.equal(schema?.severity, vscode.DiagnosticSeverity.Error);
    assert.match(schema?.message ?? '', /follow_up/);
    assert.equal(
      document.getText(schema?.range).startsWith('follow_up'),
      true,
      `the schema problem starts at the unknown key, not at "${document.getText(schema?.range)}"`,
    );
    const ours = diagnostics.filter((d) => d.source === SOURCE);
    assert.deepEqual(ours.filter((d) => codeOf(d) === undefined), [], 'every diagnostic carries its rule id');
  });

  test('the `question` snippet inserts a complete question', async () => {
    const snippet = snippetWithPrefix(extension, 'question');
    const document = await vscode.workspace.openTextDocument(fixture('snippet.competency.yaml'));
    const editor = await vscode.window.showTextDocument(document);
    const end = document.lineAt(document.lineCount - 1).range.end;
    editor.selection = new vscode.Selection(end, end);
    const before = document.getText();
    await vscode.commands.executeCommand('editor.action.insertSnippet', { langId: 'competency-yaml', name: snippet.name });
    const expected = snippetDefaultText(snippet.body);
    const text = document.getText();
    assert.ok(containsLines(text, expected), `the document shows the snippet\n--- expected ---\n${expected}\n--- document ---\n${text}`);
    assert.ok(text.startsWith(before), 'the text before the cursor is untouched');
  });

  test('the `competency` snippet fills a new file and makes the id from the name', async () => {
    const snippet = snippetWithPrefix(extension, 'competency');
    const document = await vscode.workspace.openTextDocument({ language: 'competency-yaml', content: '' });
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('editor.action.insertSnippet', { langId: 'competency-yaml', name: snippet.name });
    assert.equal(document.getText().trimEnd(), snippetDefaultText(snippet.body).trimEnd());
    // The id mirrors the name through a transform, which VS Code applies when the cursor leaves the name.
    await vscode.commands.executeCommand('jumpToNextSnippetPlaceholder');
    const expected = snippetDefaultText(snippet.body, { transformed: true });
    assert.equal(document.getText().trimEnd(), expected.trimEnd());
    assert.match(document.getText(), /^id: [a-z0-9]+(-[a-z0-9]+)+$/m, 'the id is the kebab-case name');
  });
});
