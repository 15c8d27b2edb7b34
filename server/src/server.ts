import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  FileChangeType,
  TextDocumentSyncKind,
  TextDocuments,
  type CodeAction,
  type Connection,
  type InitializeResult,
  type WorkspaceFolder,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { FIX_ALL_KIND } from '../../common/protocol';
import { SETTINGS_SECTION, coerceSettings, defaultSettings, type Settings } from '../../common/settings';
import { parseConfig, withSeverityOverrides, type LintConfig } from './core/config';
import { fileKindOf } from './core/fileKind';
import { WorkspaceChecker } from './core/workspace/workspaceChecker';
import { ConfigResolver, isConfigFile } from './configResolver';
import { fixAll, quickFixes } from './features/codeActions';
import { toDiagnostics } from './features/diagnostics';
import type { RuntimeEnvironment } from './runtime';

/** The only place that talks LSP: wires the connection to the pure core. */
export function startServer(connection: Connection, runtime: RuntimeEnvironment): void {
  // The connection owns stdout; stray logging there would corrupt the protocol.
  console.log = (...args: unknown[]) => connection.console.log(args.map(String).join(' '));
  console.error = (...args: unknown[]) => connection.console.error(args.map(String).join(' '));

  const documents = new TextDocuments(TextDocument);
  const checker = new WorkspaceChecker();
  const settingsCache = new Map<string, Promise<Settings>>();
  const timers = new Map<string, { dispose(): void }>();
  /** Open documents whose next check must run the lint rules (set on open and on save). */
  const lintPending = new Set<string>();
  /** What was last published per URI, so unchanged diagnostics are not sent again. */
  const published = new Map<string, string>();
  let canPullSettings = false;
  let hasWorkspaceFolderEvents = false;
  let workspaceFolders: WorkspaceFolder[] = [];
  let publishAllTimer: { dispose(): void } | undefined;
  /** While folders are being read, cross-file problems are incomplete: publishing waits until the index is whole. */
  let indexing = 0;

  const configs = new ConfigResolver(async (uri) => documents.get(uri)?.getText() ?? runtime.readFile(uri));

  connection.onInitialize((params): InitializeResult => {
    canPullSettings = params.capabilities.workspace?.configuration === true;
    hasWorkspaceFolderEvents = params.capabilities.workspace?.workspaceFolders === true;
    workspaceFolders = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: 'root' }] : []);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'competency-guides', version: '0.1.0' },
    };
  });

  connection.onInitialized(() => {
    if (canPullSettings) void connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION });
    if (hasWorkspaceFolderEvents) connection.workspace.onDidChangeWorkspaceFolders((event) => {
      for (const removed of event.removed) {
        for (const uri of checker.uris()) if (uri.startsWith(`${removed.uri.replace(/\/$/, '')}/`) && !documents.get(uri)) forget(uri);
      }
      workspaceFolders = [...workspaceFolders.filter((f) => !event.removed.some((r) => r.uri === f.uri)), ...event.added];
      void indexFolders(event.added);
    });
    void indexFolders(workspaceFolders);
  });

  /** Reads every bank file of the folders, so cross-file rules see the whole bank and closed files get problems. */
  async function indexFolders(folders: readonly WorkspaceFolder[]): Promise<void> {
    indexing++;
    try {
      for (const folder of folders) {
        for (const uri of await runtime.listBankFiles(folder.uri)) {
          if (documents.get(uri)) continue;
          const text = await runtime.readFile(uri);
          if (text !== undefined) await refresh(uri, text, true);
        }
      }
    } catch (error) {
      connection.console.error(`Indexing the workspace failed: ${describe(error)}`);
    } finally {
      indexing--;
    }
    schedulePublishAll();
  }

  connection.onDidChangeConfiguration(() => {
    settingsCache.clear();
    void relintAll();
  });

  connection.onDidChangeWatchedFiles(async (params) => {
    let configChanged = false;
    for (const change of params.changes) {
      if (isConfigFile(change.uri)) {
        configs.invalidate(change.uri);
        configChanged = true;
      } else if (change.type === FileChangeType.Deleted) {
        for (const uri of checker.uris()) if ((uri === change.uri || uri.startsWith(`${change.uri}/`)) && !documents.get(uri)) forget(uri);
      } else if (fileKindOf(change.uri) && !documents.get(change.uri)) {
        const text = await runtime.readFile(change.uri);
        if (text !== undefined) await refresh(change.uri, text, true);
      }
    }
    if (configChanged) await relintAll();
    schedulePublishAll();
  });

  function forget(uri: string): void {
    checker.remove(uri);
    published.delete(uri);
    void connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  function settingsFor(uri: string): Promise<Settings> {
    if (!canPullSettings) return Promise.resolve(defaultSettings);
    let settings = settingsCache.get(uri);
    if (!settings) {
      settings = connection.workspace.getConfiguration({ scopeUri: uri, section: SETTINGS_SECTION }).then(coerceSettings, () => defaultSettings);
      settingsCache.set(uri, settings);
    }
    return settings;
  }

  /** Re-checks a bank file's text; a lint run updates the index, so every file's cross-file problems are refreshed. */
  async function refresh(uri: string, text: string, lint: boolean): Promise<void> {
    const config = await configFor(uri);
    checker.update(uri, text, { lint, config });
    if (lint) schedulePublishAll();
  }

  async function configFor(uri: string): Promise<LintConfig> {
    const [{ config }, settings] = await Promise.all([configs.resolve(uri), settingsFor(uri)]);
    return withSeverityOverrides(config, settings.lint.rules);
  }

  async function relintAll(): Promise<void> {
    for (const uri of checker.uris()) {
      const text = documents.get(uri)?.getText() ?? (await runtime.readFile(uri));
      if (text !== undefined) await refresh(uri, text, true);
    }
    schedulePublishAll();
  }

  /** Sends a file's diagnostics; unless `always` (a check of an open document), only when they changed. */
  function publish(uri: string, always = false): void {
    const lines = checker.lines(uri);
    if (!lines) return;
    const diagnostics = toDiagnostics(uri, lines, checker.problems(uri), runtime.ruleDocsBase);
    const key = JSON.stringify(diagnostics);
    if (!always && published.get(uri) === key) return;
    published.set(uri, key);
    void connection.sendDiagnostics({ uri, version: documents.get(uri)?.version, diagnostics });
  }

  /** Cross-file problems can change anywhere when one file's ids or questions change; batch the republish. */
  function schedulePublishAll(): void {
    if (indexing > 0) return;
    publishAllTimer?.dispose();
    publishAllTimer = runtime.timer.setTimeout(() => {
      publishAllTimer = undefined;
      for (const uri of checker.uris()) publish(uri);
    }, 0);
  }

  function schedule(document: TextDocument, immediate: boolean): void {
    const uri = document.uri;
    timers.get(uri)?.dispose();
    timers.delete(uri);
    if (immediate) {
      void check(uri, document.version);
      return;
    }
    void settingsFor(uri).then((settings) => {
      if (documents.get(uri)?.version !== document.version) return;
      timers.get(uri)?.dispose();
      timers.set(
        uri,
        runtime.timer.setTimeout(() => {
          timers.delete(uri);
          void check(uri, document.version);
        }, settings.validate.delay),
      );
    });
  }

  async function check(uri: string, version: number): Promise<void> {
    try {
      const document = documents.get(uri);
      if (!document) return;
      const settings = await settingsFor(uri);
      // A newer edit has its own check coming; publishing this one would flash stale problems.
      if (documents.get(uri)?.version !== version) return;
      const lint = lintPending.has(uri) || settings.lint.run === 'onType';
      lintPending.delete(uri);
      await refresh(uri, document.getText(), lint);
      if (documents.get(uri)?.version === version) publish(uri, true);
    } catch (error) {
      connection.console.error(`Checking ${uri} failed: ${describe(error)}`);
    }
  }

  function checkConfigFile(document: TextDocument): void {
    const { problems } = parseConfig(document.getText());
    void connection.sendDiagnostics({
      uri: document.uri,
      version: document.version,
      diagnostics: toDiagnostics(document.uri, document, problems, runtime.ruleDocsBase),
    });
  }

  documents.onDidOpen((event) => {
    if (fileKindOf(event.document.uri)) lintPending.add(event.document.uri);
  });

  documents.onDidChangeContent((event) => {
    const { document } = event;
    if (isConfigFile(document.uri)) {
      configs.invalidate(document.uri);
      checkConfigFile(document);
      void relintAll();
      return;
    }
    if (!fileKindOf(document.uri)) return;
    // The first content after opening is checked at once and linted: the file on disk is the saved state.
    schedule(document, lintPending.has(document.uri));
  });

  documents.onDidSave((event) => {
    if (!fileKindOf(event.document.uri)) return;
    lintPending.add(event.document.uri);
    schedule(event.document, true);
  });

  documents.onDidClose(async (event) => {
    const uri = event.document.uri;
    timers.get(uri)?.dispose();
    timers.delete(uri);
    lintPending.delete(uri);
    settingsCache.delete(uri);
    if (isConfigFile(uri)) {
      configs.invalidate(uri);
      void connection.sendDiagnostics({ uri, diagnostics: [] });
      await relintAll();
      return;
    }
    // A closed file of the workspace keeps its problems (from disk), as the Problems panel of a linter should.
    const onDisk = insideWorkspace(uri) ? await runtime.readFile(uri) : undefined;
    if (onDisk === undefined) {
      forget(uri);
      schedulePublishAll();
      return;
    }
    await refresh(uri, onDisk, true);
    publish(uri, true);
  });

  function insideWorkspace(uri: string): boolean {
    return workspaceFolders.some((folder) => uri.startsWith(`${folder.uri.replace(/\/$/, '')}/`));
  }

  connection.onCodeAction(async (params): Promise<CodeAction[]> => {
    try {
      const document = documents.get(params.textDocument.uri);
      if (!document || !fileKindOf(document.uri)) return [];
      const problems = checker.problemsOfText(document.uri, document.getText(), await configFor(document.uri));
      const only = params.context.only;
      const wantsFixAll = only?.some((kind) => FIX_ALL_KIND.startsWith(kind) || kind === CodeActionKind.SourceFixAll);
      if (only && wantsFixAll) {
        const action = fixAll(document, problems);
        return action ? [action] : [];
      }
      return quickFixes(document, problems, params.context.diagnostics);
    } catch (error) {
      connection.console.error(`Code actions failed: ${describe(error)}`);
      return [];
    }
  });

  documents.listen(connection);
  connection.listen();
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
