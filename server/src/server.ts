import {
  DidChangeConfigurationNotification,
  TextDocumentSyncKind,
  TextDocuments,
  type Connection,
  type Diagnostic,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { SETTINGS_SECTION, coerceSettings, defaultSettings, type Settings } from '../../common/settings';
import { checkText } from './core/check';
import { parseConfig } from './core/config';
import { fileKindOf } from './core/fileKind';
import { ConfigResolver, isConfigFile } from './configResolver';
import { toDiagnostics } from './features/diagnostics';
import type { RuntimeEnvironment } from './runtime';

interface DocumentState {
  /** Lint diagnostics from the last lint run, kept while typing in onSave mode. */
  lint: Diagnostic[];
  /** The next check must run the lint rules (set on open and on save). */
  lintPending: boolean;
  timer?: { dispose(): void };
}

/** The only place that talks LSP: wires the connection to the pure core. */
export function startServer(connection: Connection, runtime: RuntimeEnvironment): void {
  // The connection owns stdout; stray logging there would corrupt the protocol.
  console.log = (...args: unknown[]) => connection.console.log(args.map(String).join(' '));
  console.error = (...args: unknown[]) => connection.console.error(args.map(String).join(' '));

  const documents = new TextDocuments(TextDocument);
  const states = new Map<string, DocumentState>();
  const settingsCache = new Map<string, Promise<Settings>>();
  let canPullSettings = false;

  const configs = new ConfigResolver(async (uri) => documents.get(uri)?.getText() ?? runtime.readFile(uri));

  connection.onInitialize((params): InitializeResult => {
    canPullSettings = params.capabilities.workspace?.configuration === true;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
      },
      serverInfo: { name: 'competency-guides', version: '0.1.0' },
    };
  });

  connection.onInitialized(() => {
    if (canPullSettings) void connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION });
  });

  connection.onDidChangeConfiguration(() => {
    settingsCache.clear();
    for (const document of documents.all()) schedule(document, { lint: true, immediate: true });
  });

  connection.onDidChangeWatchedFiles((params) => {
    let configChanged = false;
    for (const change of params.changes) {
      if (isConfigFile(change.uri)) {
        configs.invalidate(change.uri);
        configChanged = true;
      }
    }
    if (configChanged) relintAll();
  });

  function settingsFor(uri: string): Promise<Settings> {
    if (!canPullSettings) return Promise.resolve(defaultSettings);
    let settings = settingsCache.get(uri);
    if (!settings) {
      settings = connection.workspace
        .getConfiguration({ scopeUri: uri, section: SETTINGS_SECTION })
        .then(coerceSettings, () => defaultSettings);
      settingsCache.set(uri, settings);
    }
    return settings;
  }

  function stateOf(uri: string): DocumentState {
    let state = states.get(uri);
    if (!state) {
      state = { lint: [], lintPending: true };
      states.set(uri, state);
    }
    return state;
  }

  function relintAll(): void {
    for (const document of documents.all()) {
      if (fileKindOf(document.uri)) schedule(document, { lint: true, immediate: true });
    }
  }

  function schedule(document: TextDocument, request: { lint: boolean; immediate: boolean }): void {
    const state = stateOf(document.uri);
    if (request.lint) state.lintPending = true;
    state.timer?.dispose();
    state.timer = undefined;
    if (request.immediate) {
      void check(document.uri, document.version);
      return;
    }
    void settingsFor(document.uri).then((settings) => {
      if (states.get(document.uri) !== state) return;
      state.timer?.dispose();
      state.timer = runtime.timer.setTimeout(() => {
        state.timer = undefined;
        void check(document.uri, document.version);
      }, settings.validate.delay);
    });
  }

  async function check(uri: string, version: number): Promise<void> {
    try {
      if (isConfigFile(uri)) return await checkConfig(uri, version);
      const kind = fileKindOf(uri);
      const document = documents.get(uri);
      const state = states.get(uri);
      if (!kind || !document || !state) return;
      const [settings, resolved] = await Promise.all([settingsFor(uri), configs.resolve(uri)]);
      // A newer edit has its own check coming; publishing this one would flash stale problems.
      if (documents.get(uri)?.version !== version || states.get(uri) !== state) return;
      const lint = state.lintPending || settings.lint.run === 'onType';
      const result = checkText(document.getText(), kind, { lint, config: resolved.config });
      if (lint) {
        state.lint = toDiagnostics(document, result.lint, runtime.ruleDocsBase);
        state.lintPending = false;
      }
      const diagnostics = [...toDiagnostics(document, result.validation, runtime.ruleDocsBase), ...state.lint];
      await connection.sendDiagnostics({ uri, version, diagnostics });
    } catch (error) {
      connection.console.error(`Checking ${uri} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  }

  async function checkConfig(uri: string, version: number): Promise<void> {
    const document = documents.get(uri);
    if (!document || document.version !== version) return;
    const { problems } = parseConfig(document.getText());
    await connection.sendDiagnostics({ uri, version, diagnostics: toDiagnostics(document, problems, runtime.ruleDocsBase) });
  }

  documents.onDidOpen((event) => {
    states.delete(event.document.uri);
    stateOf(event.document.uri);
  });

  documents.onDidChangeContent((event) => {
    const { document } = event;
    if (isConfigFile(document.uri)) {
      configs.invalidate(document.uri);
      void check(document.uri, document.version);
      relintAll();
      return;
    }
    if (!fileKindOf(document.uri)) return;
    const state = stateOf(document.uri);
    // The first content after opening is checked at once and linted: the file on disk is the saved state.
    schedule(document, { lint: state.lintPending, immediate: state.lintPending });
  });

  documents.onDidSave((event) => {
    if (!fileKindOf(event.document.uri)) return;
    schedule(event.document, { lint: true, immediate: true });
  });

  documents.onDidClose((event) => {
    const uri = event.document.uri;
    states.get(uri)?.timer?.dispose();
    states.delete(uri);
    settingsCache.delete(uri);
    if (isConfigFile(uri)) {
      configs.invalidate(uri);
      relintAll();
    }
    void connection.sendDiagnostics({ uri, diagnostics: [] });
  });

  documents.listen(connection);
  connection.listen();
}
