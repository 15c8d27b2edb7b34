// Runs inside VS Code's extension host: the language server dies (SIGKILL, as the OOM killer or a crash would end it)
// and the client must start a new one that checks the open files again, and keeps checking edits.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { SERVER_ENVIRONMENT, SERVER_NODE_OPTIONS } from '../../../common/serverProcess';
import { EXTENSION_ID, SOURCE, codeOf, describeDiagnostics, fixture, lineOf, waitForDiagnostics, waitUntil } from './helpers';

const hasSchemaProblem = (diagnostics: readonly vscode.Diagnostic[], line: number) =>
  diagnostics.some((d) => d.source === SOURCE && codeOf(d) === 'schema' && d.range.start.line === line);

/** Parent PID of a process, from /proc (the command name in field 2 may hold spaces and parentheses). */
function parentOf(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined; // gone meanwhile
  }
}

/** PIDs of this extension host's descendants whose command line runs `script`. */
function descendantsRunning(script: string): number[] {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    const parent = parentOf(pid);
    if (parent !== undefined) children.set(parent, [...(children.get(parent) ?? []), pid]);
  }
  const found: number[] = [];
  const queue = [...(children.get(process.pid) ?? [])];
  while (queue.length) {
    const pid = queue.shift()!;
    queue.push(...(children.get(pid) ?? []));
    let args: string[] = [];
    try {
      args = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    } catch {
      continue;
    }
    if (args.some((arg) => path.resolve(arg) === script)) found.push(pid);
  }
  return found;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    // A killed child stays a zombie until its parent reaps it: that is not running.
    return !/^\S+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

interface Change {
  /** Milliseconds since the kill. */
  at: number;
  file: string;
  /** `line:rule` of each of our diagnostics. */
  problems: string[];
}

/**
 * Kills the extension's language server with SIGKILL (as the OOM killer or a crash ends it) and waits for the client
 * to start a new one. `changes` records every change of the diagnostics of `uris` from the kill on.
 */
async function killServer(extension: vscode.Extension<unknown>, uris: vscode.Uri[]) {
  const script = path.join(extension.extensionPath, 'dist', 'server.js');
  const servers = descendantsRunning(script);
  assert.equal(servers.length, 1, `one language server (${script}) runs under this extension host (pid ${process.pid}): ${servers.join(', ')}`);
  const [killed] = servers;
  const changes: Change[] = [];
  const killedAt = Date.now();
  const recorder = vscode.languages.onDidChangeDiagnostics((event) => {
    for (const uri of uris) {
      if (!event.uris.some((changed) => changed.toString() === uri.toString())) continue;
      const ours = vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
      changes.push({
        at: Date.now() - killedAt,
        file: path.basename(uri.path),
        problems: ours.map((d) => `${d.range.start.line + 1}:${codeOf(d)}`),
      });
    }
  });
  process.kill(killed, 'SIGKILL');
  try {
    await waitUntil(() => !isAlive(killed), `the server (pid ${killed}) to end`);
    const [restarted] = await waitUntil(() => {
      const now = descendantsRunning(script).filter((pid) => pid !== killed);
      return now.length === 1 ? now : undefined;
    }, 'a new language server process');
    return { script, killed, restarted, changes, dispose: () => recorder.dispose() };
  } catch (error) {
    recorder.dispose();
    throw error;
  }
}

/** Renames `from` to `to` on a line of the document, in an edit of the editor. */
function rename(document: vscode.TextDocument, line: number, from: string, to: string) {
  return (edit: vscode.TextEditorEdit) => {
    const start = document.lineAt(line).text.indexOf(from);
    assert.ok(start >= 0, `line ${line + 1} holds ${from}`);
    edit.replace(new vscode.Range(line, start, line, start + from.length), to);
  };
}

suite('Competency Guides recovers from a language server crash', () => {
  let extension: vscode.Extension<unknown>;

  suiteSetup(function () {
    if (process.platform !== 'linux') this.skip(); // finds the server through /proc
    const found = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(found, `${EXTENSION_ID} is installed`);
    extension = found;
  });

  /** Files a test wrote into the workspace. */
  const created: string[] = [];

  teardown(async () => {
    for (const file of created.splice(0)) fs.rmSync(file, { force: true });
    for (let open = vscode.window.visibleTextEditors.length + 5; vscode.window.activeTextEditor && open > 0; open--) {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  /** The running language server's process: its command line and environment as the client started it. */
  async function runningServer(): Promise<{ args: string[]; environment: Map<string, string> }> {
    await extension.activate();
    const script = path.join(extension.extensionPath, 'dist', 'server.js');
    const [pid] = await waitUntil(() => {
      const running = descendantsRunning(script);
      return running.length === 1 ? running : undefined;
    }, 'the language server process');
    const args = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    const environment = new Map(
      fs
        .readFileSync(`/proc/${pid}/environ`, 'utf8')
        .split('\0')
        .filter(Boolean)
        .map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)] as const),
    );
    return { args, environment };
  }

  /** The folder the running language server was given as `--<name>=<folder>`. */
  async function serverFolderOption(name: string): Promise<string> {
    const { args } = await runningServer();
    const folder = args.find((arg) => arg.startsWith(`--${name}=`))?.slice(`--${name}=`.length);
    assert.ok(folder, `the server is started with --${name}=<folder>: ${args.join(' ')}`);
    return folder;
  }

  test('the server runs with the Node options and environment that keep its memory down', async function () {
    this.timeout(60_000);
    const { args, environment } = await runningServer();
    const script = args.findIndex((arg) => arg.endsWith(`${path.sep}server.js`));
    assert.ok(script > 0, `the server script is on the command line: ${args.join(' ')}`);
    for (const option of SERVER_NODE_OPTIONS) assert.ok(args.slice(0, script).includes(option), `Node is given ${option}: ${args.join(' ')}`);
    for (const [name, value] of Object.entries(SERVER_ENVIRONMENT)) {
      // A value this test run's own environment sets is the user's, and stays.
      assert.equal(environment.get(name), process.env[name] ?? value, `the server's environment sets ${name}`);
    }
  });

  test("the server keeps its compiled code in the extension's storage, for its next start", async function () {
    this.timeout(60_000);
    const folder = await serverFolderOption('code-cache');
    assert.match(folder, /[\\/]globalStorage[\\/]/, 'the folder is in the global storage VS Code gives the extension');
    assert.ok(folder.toLowerCase().includes(EXTENSION_ID.toLowerCase()), `${folder} is this extension's own`);
    // Written a couple of seconds after the server started; nothing announces it, so this looks until it is there.
    const cached = await waitUntil(() => fs.existsSync(folder) && fs.readdirSync(folder).find((name) => name.endsWith('.v8cache')), `a code cache in ${folder}`);
    assert.ok(fs.statSync(path.join(folder, cached)).size > 100_000, 'the cache holds the compiled server');
  });

  test("the server keeps its checks of the workspace's closed files in the workspace's storage, for the next session", async function () {
    this.timeout(60_000);
    const folder = await serverFolderOption('index-cache');
    assert.match(folder, /[\\/]workspaceStorage[\\/]/, 'the folder is in the storage VS Code gives the extension for this workspace');
    // Written once the workspace has been read; nothing announces it, so this looks until it is there.
    const kept = await waitUntil(() => fs.existsSync(folder) && fs.readdirSync(folder).find((name) => /^index-\w+\.v8$/.test(name)), `kept checks in ${folder}`);
    assert.ok(fs.statSync(path.join(folder, kept)).size > 1000, 'the file holds the checks of the workspace files');
  });

  test('restarts the killed server, which checks the open file again and then every edit', async function () {
    this.timeout(90_000);
    const uri = fixture('broken.competency.yaml');
    const document = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(document);
    await extension.activate();
    const keyLine = lineOf(document, 'follow_up:');
    const areasLine = lineOf(document, 'areas_to_cover:');
    await waitForDiagnostics(uri, (all) => hasSchemaProblem(all, keyLine), `the schema problem on line ${keyLine + 1}`);

    const server = await killServer(extension, [uri]);
    try {
      // The restarted client drops the dead server's diagnostics (they may be cleared first); the new server
      // checks the open file and publishes them again.
      const problem = `${keyLine + 1}:schema`;
      await waitUntil(
        () => server.changes.some((change) => change.problems.includes(problem)),
        `the schema problem on line ${keyLine + 1} published again after the restart`,
      ).catch((error: Error) => {
        error.message += `; changes since the kill (ms, line:rule): ${JSON.stringify(server.changes)}`;
        throw error;
      });
      assert.ok(hasSchemaProblem(vscode.languages.getDiagnostics(uri), keyLine));
      assert.deepEqual(descendantsRunning(server.script), [server.restarted], 'the new server keeps running');
      // A start with the code cache the first start wrote, as every start after the first is: printed, not judged.
      const republished = server.changes.find((change) => change.problems.includes(problem))!;
      console.log(`      restart in VS Code: the open file's problems were back ${republished.at} ms after the kill (the crash noticed, a new server started from the code cache, the file checked)`);
    } finally {
      server.dispose();
    }

    // A later edit is checked by the new server: one key fixed, another misspelled.
    assert.ok(
      await editor.edit((edit) => {
        rename(document, keyLine, 'follow_up:', 'follow_ups:')(edit);
        rename(document, areasLine, 'areas_to_cover', 'area_to_cover')(edit);
      }),
      'the edit applied',
    );
    await waitForDiagnostics(
      uri,
      (all) => hasSchemaProblem(all, areasLine) && !hasSchemaProblem(all, keyLine),
      `the schema problem to move from line ${keyLine + 1} (fixed) to line ${areasLine + 1} (misspelled)`,
    );
  });

  test("after a restart, the open file's problems are those of its unsaved text, not of the file on disk", async function () {
    this.timeout(90_000);
    const uri = fixture('broken.competency.yaml');
    const document = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(document);
    await extension.activate();
    const keyLine = lineOf(document, 'follow_up:');
    const areasLine = lineOf(document, 'areas_to_cover:');
    // An unsaved edit: only the open document, not the file on disk, has a problem on this line.
    assert.ok(await editor.edit(rename(document, areasLine, 'areas_to_cover', 'area_to_cover')), 'the edit applied');
    const both = (all: readonly vscode.Diagnostic[]) => hasSchemaProblem(all, keyLine) && hasSchemaProblem(all, areasLine);
    await waitForDiagnostics(uri, both, `schema problems on lines ${keyLine + 1} and ${areasLine + 1} (unsaved)`);

    // A bank file that is open nowhere: only the server's reading of the workspace from disk finds it after the
    // restart, and its problems (an empty `questions`) are published in the same pass as every file it read.
    const unopened = fixture('zz-read-from-disk.competency.yaml');
    fs.writeFileSync(unopened.fsPath, 'competency: Read From Disk\nid: read-from-disk\nsummary: Never opened.\nquestions:\n');
    created.push(unopened.fsPath);
    const hasSchema = (all: readonly vscode.Diagnostic[]) => all.some((d) => d.source === SOURCE && codeOf(d) === 'schema');
    await waitForDiagnostics(unopened, hasSchema, 'the server to check a new file on disk');

    const server = await killServer(extension, [uri, unopened]);
    const history = () => `\nchanges since the kill (ms, file, line:rule): ${JSON.stringify(server.changes)}`;
    try {
      await waitUntil(
        () => server.changes.some((change) => change.file === path.basename(unopened.path) && change.problems.some((p) => p.endsWith(':schema'))),
        `the new server to read the workspace and publish the problems of ${path.basename(unopened.path)}`,
      );
      // A round trip to the new server: whatever it published before answering has reached the editor.
      await vscode.commands.executeCommand('vscode.executeDocumentSymbolProvider', uri);
      const now = vscode.languages.getDiagnostics(uri);
      assert.ok(
        both(now),
        `after the restart the editor shows the problems of its unsaved text (schema on lines ${keyLine + 1} and ${areasLine + 1}), ` +
          `not those of the file on disk (no problem on line ${areasLine + 1}); now:\n${describeDiagnostics(now)}${history()}`,
      );
    } finally {
      server.dispose();
    }
  });
});
