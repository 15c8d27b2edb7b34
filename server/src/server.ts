import {
  CodeActionKind,
  CodeLensRefreshRequest,
  DidChangeConfigurationNotification,
  FileChangeType,
  TextDocumentSyncKind,
  TextDocuments,
  type CodeAction,
  type Connection,
  type InitializeResult,
  type WorkspaceFolder,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import {
  EXPORT_GUIDE_REQUEST,
  FIX_ALL_KIND,
  RENDER_GUIDE_REQUEST,
  STATUS_REQUEST,
  type StatusParams,
  type StatusResult,
  type ExportGuideParams,
  type ExportGuideResult,
  type RenderGuideParams,
  type RenderGuideResult,
} from '../../common/protocol';
import { SETTINGS_SECTION, coerceSettings, defaultSettings, type Settings } from '../../common/settings';
import { parseConfig, withSeverityOverrides, type LintConfig } from './core/config';
import { fileKindOf, type FileKind } from './core/fileKind';
import { LineIndex } from './core/lineIndex';
import type { CheckResult } from './core/check';
import type { Problem } from './core/problem';
import type { SourceText } from './core/text/sourceText';
import { WorkspaceChecker, checkFile, type CheckedFile, type CheckFileOptions } from './core/workspace/workspaceChecker';
import { chunkedTextDocuments, type ChunkedTextDocument } from './chunkedTextDocument';
import { ConfigResolver, isConfigFile } from './configResolver';
import { fixAll, quickFixes } from './features/codeActions';
import { toDiagnostics } from './features/diagnostics';
// Rendering is imported at the first preview or export (`await import`): markdown-it and its entity tables would
// otherwise cost every start of the server about 10 ms before its first diagnostics.
import type { GuideSource, RenderMemos } from './features/renderGuide';
import { PARALLEL_FROM, READ_BATCH, type CheckPoolLike, type RuntimeEnvironment } from './runtime';
import { folderScope, seededSettings } from './seededSettings';
import { LSPErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver';
import { ParseCache } from './core/parseCache';
import { integerOption } from './core/rules/rule';
import type { FileSummary } from './core/workspace/fileSummary';
import { findCodeLenses } from './features/codeLens';
import { COMPLETION_TRIGGER_CHARACTERS, doComplete } from './features/completion';
import { findFoldingRanges } from './features/folding';
import { doHover } from './features/hover';
import { findDefinition, findReferences, workspaceFiles } from './features/navigation';
import { prepareRename, renameId } from './features/rename';
import { findSelectionRanges } from './features/selectionRanges';
import { findDocumentSymbols, findWorkspaceSymbols, OutlineMemo } from './features/symbols';

/** How long after reading the workspace its kept checks are written (see indexFolders). */
const INDEX_SAVE_DELAY_MS = 2000;

/** The only place that talks LSP: wires the connection to the pure core. */
export function startServer(connection: Connection, runtime: RuntimeEnvironment): void {
  // The connection owns stdout; stray logging there would corrupt the protocol.
  console.log = (...args: unknown[]) => connection.console.log(args.map(String).join(' '));
  console.error = (...args: unknown[]) => connection.console.error(args.map(String).join(' '));

  const documents = new TextDocuments(chunkedTextDocuments);
  const checker = new WorkspaceChecker();
  // Language features. Each parses the document's current version at most once (shared through `parses`), or takes
  // the parse of its whole-file check.
  const parses = new ParseCache();
  const outlineMemo = new OutlineMemo();
  const settingsCache = new Map<string, Promise<Settings>>();
  const timers = new Map<string, { dispose(): void }>();
  /** Documents just opened, whose first content is linted at once. */
  const lintPending = new Set<string>();
  /** What was last published per URI, so unchanged diagnostics are not sent again. */
  const published = new Map<string, string>();
  let canPullSettings = false;
  let canRefreshCodeLenses = false;
  let hasWorkspaceFolderEvents = false;
  let workspaceFolders: WorkspaceFolder[] = [];
  let publishAllTimer: { dispose(): void } | undefined;
  /** While folders are being read, cross-file problems are incomplete: publishing waits until the index is whole. */
  let indexing = 0;
  /** Settings or a config changed while folders were being read (see relintAll). */
  let relintWhenIndexed = false;

  /** Config files read from disk (not open) and the text whose problems were published for them. */
  const configsOnDisk = new Map<string, string>();
  const configs = new ConfigResolver(async (uri) => documents.get(uri)?.getText() ?? readConfigFromDisk(uri));

  /** Reads a config nobody has open; its problems still show in the Problems panel. */
  async function readConfigFromDisk(uri: string): Promise<string | undefined> {
    const text = await runtime.readFile(uri);
    if (text !== undefined && configsOnDisk.get(uri) !== text) {
      configsOnDisk.set(uri, text);
      const { problems } = parseConfig(text);
      void connection.sendDiagnostics({ uri, diagnostics: toDiagnostics(uri, new LineIndex(text), problems, runtime.ruleDocsBase) });
    }
    return text;
  }

  connection.onInitialize((params): InitializeResult => {
    canPullSettings = params.capabilities.workspace?.configuration === true;
    canRefreshCodeLenses = params.capabilities.workspace?.codeLens?.refreshSupport === true;
    hasWorkspaceFolderEvents = params.capabilities.workspace?.workspaceFolders === true;
    workspaceFolders = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: 'root' }] : []);
    if (canPullSettings) {
      // Each folder's settings as the client sent them: they are asked for again once changes are heard of.
      for (const [scope, settings] of seededSettings(params.initializationOptions, workspaceFolders)) settingsCache.set(scope, Promise.resolve(settings));
    }
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
        completionProvider: { triggerCharacters: COMPLETION_TRIGGER_CHARACTERS },
        hoverProvider: true,
        documentSymbolProvider: { label: 'Competency Guides' },
        workspaceSymbolProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: params.capabilities.textDocument?.rename?.prepareSupport ? { prepareProvider: true } : true,
        foldingRangeProvider: true,
        selectionRangeProvider: true,
        codeLensProvider: { resolveProvider: false },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'competency-guides', version: '0.1.0' },
    };
  });

  connection.onInitialized(() => {
    if (canPullSettings) {
      const registered = connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION });
      // Settings may have changed between being sent or asked for and now, unheard of: asked for once more.
      void registered.then(settingsMayHaveChanged, settingsMayHaveChanged);
    }
    if (hasWorkspaceFolderEvents) connection.workspace.onDidChangeWorkspaceFolders((event) => {
      for (const removed of event.removed) {
        for (const uri of checker.uris()) if (uri.startsWith(`${folderScope(removed.uri)}/`) && !documents.get(uri)) forget(uri);
      }
      workspaceFolders = [...workspaceFolders.filter((f) => !event.removed.some((r) => r.uri === f.uri)), ...event.added];
      void indexFolders(event.added);
    });
    void indexFolders(workspaceFolders);
  });

  /** The write of the kept checks under way, if any, and the one still to come (see indexFolders). */
  let savingIndex: Promise<void> = Promise.resolve();
  let indexSave: { dispose(): void } | undefined;
  function saveIndex(): void {
    indexSave?.dispose();
    indexSave = undefined;
    savingIndex = Promise.all([savingIndex, runtime.indexCache?.save()]).then(() => undefined);
  }
  // Quitting soon after the workspace was read: written now rather than lost.
  connection.onShutdown(async () => {
    if (indexSave) saveIndex();
    await savingIndex;
  });

  /**
   * Reads every bank file of the folders, so cross-file rules see the whole bank and closed files get problems. A
   * large workspace is checked on worker threads too; the results join the index here, in the order read. With an
   * index cache, files unchanged since an earlier session take their checks from it.
   */
  async function indexFolders(folders: readonly WorkspaceFolder[]): Promise<void> {
    indexing++;
    const checks: Promise<void>[] = [];
    let pool: CheckPoolLike | undefined;
    let parallel = false;
    const tally = { checked: 0, kept: 0 };
    // Started on the first file that needs checking: when every file's check was kept, no thread is started.
    const poolIfAny = () => (parallel ? (pool ??= runtime.createCheckPool?.()) : undefined);
    try {
      for (const folder of folders) {
        const uris = (await runtime.listBankFiles(folder.uri)).filter((uri) => !documents.get(uri));
        parallel ||= uris.length >= PARALLEL_FROM && runtime.createCheckPool !== undefined;
        // With nothing kept from an earlier session every file needs checking: the threads start while files are read.
        if (parallel && !(await runtime.indexCache?.size().catch(() => 0))) poolIfAny();
        for (let i = 0; i < uris.length; i += READ_BATCH) {
          const batch = uris.slice(i, i + READ_BATCH);
          const texts = await Promise.all(batch.map((uri) => runtime.readFile(uri)));
          for (const [k, uri] of batch.entries()) {
            const text = texts[k];
            // Opened while it was being read: the editor's text wins over the disk's.
            if (text === undefined || documents.get(uri)) continue;
            tally.checked++;
            checks.push(parallel || runtime.indexCache ? checkElsewhere(poolIfAny, uri, text, tally) : refresh(uri, text, true));
          }
        }
      }
      await Promise.all(checks);
    } catch (error) {
      connection.console.error(`Indexing the workspace failed: ${describe(error)}`);
    } finally {
      indexing--;
      void pool?.close();
    }
    if (indexing === 0 && relintWhenIndexed) {
      relintWhenIndexed = false;
      void relintAll();
    } else {
      schedulePublishAll();
    }
    if (runtime.indexCache) {
      connection.console.info(`Read ${tally.checked} bank files; ${tally.kept} had not changed since they were last checked.`);
      // Not what anyone waits for: written once the diagnostics are out and the first requests answered.
      indexSave?.dispose();
      indexSave = runtime.timer.setTimeout(saveIndex, INDEX_SAVE_DELAY_MS);
    }
  }

  /**
   * Checks made while reading the workspace whose results are still to be taken in, by file. Any newer check of the
   * file (opened, typed in, changed on disk) takes its entry away, and with it the older result.
   */
  const indexChecks = new Map<string, Promise<CheckedFile>>();

  /**
   * A closed file's whole check, from an earlier session when nothing changed, else on the pool (or this thread),
   * taken into the index when it is done, unless the file was checked again meanwhile. The file's own queue (see
   * refresh) is not held meanwhile: a file opened during a long read of the workspace is checked at once.
   */
  async function checkElsewhere(pool: () => CheckPoolLike | undefined, uri: string, text: string, tally: { kept: number }): Promise<void> {
    const kind = fileKindOf(uri);
    const [config, settings] = await Promise.all([configFor(uri), settingsFor(uri)]);
    if (!kind || text.length > settings.validate.maxFileSize) return refresh(uri, text, true);
    if (documents.get(uri)) return;
    const checked = keptOrChecked(pool, uri, kind, text, config, tally);
    indexChecks.set(uri, checked);
    const result = await checked.catch(() => undefined);
    return enqueue(uri, async () => {
      if (indexChecks.get(uri) !== checked) return;
      indexChecks.delete(uri);
      if (documents.get(uri)) return;
      if (result) {
        try {
          checker.adopt(uri, result, config);
          return;
        } catch (error) {
          // A kept check this server cannot take (damaged, yet shaped like one): the file is checked afresh.
          connection.console.warn(`The kept check of ${uri} could not be used (${describe(error)}); it is checked again.`);
        }
      }
      checker.update(uri, text, { lint: true, config, maxSize: settings.validate.maxFileSize });
    });
  }

  async function keptOrChecked(
    pool: () => CheckPoolLike | undefined,
    uri: string,
    kind: FileKind,
    text: string,
    config: LintConfig,
    tally: { kept: number },
  ): Promise<CheckedFile> {
    const kept = await runtime.indexCache?.get(uri, text, config).catch(() => undefined);
    if (kept) {
      tally.kept++;
      return { ...kept, text };
    }
    const threads = pool();
    const checked = threads ? await threads.check(uri, kind, text, config) : checkFile(uri, kind, text, { lint: true, config });
    runtime.indexCache?.put(uri, text, config, checked);
    return checked;
  }

  connection.onDidChangeConfiguration(settingsMayHaveChanged);

  /**
   * Asks again for the settings in use, and checks every file again if any differ. The notification says nothing of
   * what changed, and VS Code also sends one when the server registers for it: that one must not re-check the
   * whole workspace.
   */
  async function settingsMayHaveChanged(): Promise<void> {
    // The settings in use stay until the new ones are in: checks meanwhile need not wait for the client.
    const changed = await Promise.all(
      [...settingsCache].map(async ([scope, was]) => JSON.stringify(await was) !== JSON.stringify(await pullSettings(scope))),
    );
    if (!changed.includes(true)) return;
    settingsCache.clear();
    await relintAll();
  }

  connection.onDidChangeWatchedFiles(async (params) => {
    let configChanged = false;
    for (const change of params.changes) {
      if (isConfigFile(change.uri)) {
        configs.invalidate(change.uri);
        configChanged = true;
        if (change.type === FileChangeType.Deleted) {
          if (configsOnDisk.delete(change.uri)) void connection.sendDiagnostics({ uri: change.uri, diagnostics: [] });
        } else if (!documents.get(change.uri)) {
          await readConfigFromDisk(change.uri);
        }
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
    indexChecks.delete(uri);
    checker.remove(uri);
    published.delete(uri);
    void connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  /**
   * A file's settings. VS Code resolves resource settings by workspace folder (user, workspace and folder settings;
   * nothing finer), so they are asked once per folder: reading a workspace of a thousand files asks once, not a
   * thousand times. A file outside every folder is asked about on its own.
   */
  function settingsFor(uri: string): Promise<Settings> {
    if (!canPullSettings) return Promise.resolve(defaultSettings);
    const scope = folderOf(uri) ?? uri;
    let settings = settingsCache.get(scope);
    if (!settings) {
      settings = pullSettings(scope);
      settingsCache.set(scope, settings);
    }
    return settings;
  }

  function pullSettings(scope: string): Promise<Settings> {
    return connection.workspace.getConfiguration({ scopeUri: scope, section: SETTINGS_SECTION }).then(coerceSettings, () => defaultSettings);
  }

  /** The innermost workspace folder holding the file. */
  function folderOf(uri: string): string | undefined {
    let found: string | undefined;
    for (const folder of workspaceFolders) {
      const base = folderScope(folder.uri);
      if (uri.startsWith(`${base}/`) && (!found || base.length > found.length)) found = base;
    }
    return found;
  }

  /** Checks of one file run one after another, so an older text never lands after a newer one. */
  const refreshes = new Map<string, Promise<void>>();

  function enqueue(uri: string, run: () => Promise<void>): Promise<void> {
    const next = (refreshes.get(uri) ?? Promise.resolve()).then(run, run);
    refreshes.set(uri, next);
    const forget = () => {
      if (refreshes.get(uri) === next) refreshes.delete(uri);
    };
    // The caller handles a failure; this bookkeeping must not turn it into an unhandled rejection.
    next.then(forget, forget);
    return next;
  }

  /**
   * Re-checks a bank file's text; a lint run updates the index, so every file's cross-file problems are refreshed.
   * For an open document, `version` is the version of `text`: its parse is shared with the features both ways, since
   * the editor asks for the outline, folding and code lenses of a file it opens while its first check is under way.
   */
  function refresh(uri: string, text: SourceText, lint: boolean, version?: number): Promise<void> {
    indexChecks.delete(uri);
    return enqueue(uri, async () => {
      const [config, settings] = await Promise.all([configFor(uri), settingsFor(uri)]);
      const shared = version === undefined ? {} : sharedParse(uri, version, text);
      checker.update(uri, text, { lint, config, maxSize: settings.validate.maxFileSize, ...shared });
      if (lint) schedulePublishAll();
    });
  }

  /** A whole parse of an open document's version the features made, or a place for the check's to go to them. */
  function sharedParse(uri: string, version: number, text: SourceText): Pick<CheckFileOptions, 'parse' | 'keepParse'> {
    const cached = parses.wholeParse(uri, version, text.length);
    if (cached) return { parse: cached };
    return { keepParse: (result: CheckResult) => parses.adopt(uri, version, result.parsed, result.model) };
  }

  /**
   * The problems of an open document's current text as the editor is about to get them: a check still waiting for
   * the typing delay runs now, and one already running is awaited. A preview asking between a keystroke and its
   * check gets that check's result (one question re-checked) instead of a second, whole-file check of its own.
   */
  async function checkedProblems(uri: string, text: string): Promise<Problem[] | undefined> {
    const current = () => checker.problemsIfCurrent(uri, text);
    const document = documents.get(uri);
    if (!document || document.getText() !== text || !fileKindOf(uri)) return current();
    // A failed check is reported by whoever queued it; a whole-file check of this text is the fallback.
    await refreshes.get(uri)?.catch(() => undefined);
    if (current() || documents.get(uri) !== document || document.getText() !== text) return current();
    timers.get(uri)?.dispose();
    timers.delete(uri);
    await check(uri, document.version);
    return current();
  }

  async function configFor(uri: string): Promise<LintConfig> {
    const [{ config }, settings] = await Promise.all([configs.resolve(uri), settingsFor(uri)]);
    return withSeverityOverrides(config, settings.lint.rules);
  }

  /**
   * Checks every file again, after settings or a config changed. While folders are being read, that waits until they
   * are: files checked with the old settings may not have joined the index yet. Files whose first check is under way
   * are checked again after it.
   */
  async function relintAll(): Promise<void> {
    if (indexing > 0) {
      relintWhenIndexed = true;
      return;
    }
    for (const uri of new Set([...checker.uris(), ...refreshes.keys()])) {
      const text = documents.get(uri)?.text ?? (await runtime.readFile(uri));
      if (text !== undefined) await refresh(uri, text, true);
    }
    schedulePublishAll();
  }

  /** Sends a file's diagnostics; unless `always` (a check of an open document), only when they changed. */
  function publish(uri: string, always = false): void {
    const lines = checker.lines(uri);
    if (!lines) return;
    const document = documents.get(uri);
    // An open document edited since its last check has that check pending, and it publishes when done: these
    // problems fit an older text, and would go out under the newer version.
    const problems = document ? checker.problemsIfCurrent(uri, document.text) : checker.problems(uri);
    if (!problems) return;
    const diagnostics = toDiagnostics(uri, lines, problems, runtime.ruleDocsBase);
    const key = JSON.stringify(diagnostics);
    if (!always && published.get(uri) === key) return;
    published.set(uri, key);
    void connection.sendDiagnostics({ uri, version: document?.version, diagnostics });
  }

  /** Cross-file problems can change anywhere when one file's ids or questions change; batch the republish. */
  function schedulePublishAll(): void {
    if (indexing > 0) return;
    publishAllTimer?.dispose();
    publishAllTimer = runtime.timer.setTimeout(() => {
      publishAllTimer = undefined;
      for (const uri of checker.uris()) {
        try {
          publish(uri);
        } catch (error) {
          // One file's failure must not keep the others' problems from the editor, nor end the server.
          connection.console.error(`Publishing the problems of ${uri} failed: ${describe(error)}`);
        }
      }
      // Lenses count questions and minutes across files; the index just changed.
      if (canRefreshCodeLenses) void connection.sendRequest(CodeLensRefreshRequest.type);
    }, 0);
  }

  /** A check after typing, once the configured delay has passed without another keystroke. */
  function schedule(document: ChunkedTextDocument): void {
    const uri = document.uri;
    timers.get(uri)?.dispose();
    timers.delete(uri);
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
      await refresh(uri, document.text, settings.lint.run === 'onType', version);
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
    // The first content after opening is linted at once, that very text (the saved state), even if typing follows.
    if (lintPending.delete(document.uri)) void lintNow(document);
    else schedule(document);
  });

  documents.onDidSave((event) => {
    if (!fileKindOf(event.document.uri)) return;
    timers.get(event.document.uri)?.dispose();
    timers.delete(event.document.uri);
    void lintNow(event.document);
  });

  /** Lints the document's text as it is now (on open, on save), and publishes unless newer text was typed since. */
  async function lintNow(document: ChunkedTextDocument): Promise<void> {
    const { uri, version } = document;
    try {
      await refresh(uri, document.text, true, version);
      if (documents.get(uri)?.version === version) publish(uri, true);
    } catch (error) {
      connection.console.error(`Checking ${uri} failed: ${describe(error)}`);
    }
  }

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
    return folderOf(uri) !== undefined;
  }

  /** The last text each open document was linted at for code actions, with what that lint depended on. */
  const lintedNow = new Map<string, { text: string; config: string; indexVersion: number; problems: Problem[] }>();

  /**
   * Every problem of the text as it is now (see WorkspaceChecker.problemsOfText). The editor asks for code actions at
   * every move of the cursor; a lint of a large file takes long, so one is kept until the text, the config or the
   * workspace index changes.
   */
  function problemsLintedNow(uri: string, text: string, config: LintConfig): Problem[] {
    const key = { text, config: JSON.stringify(config), indexVersion: checker.index.version };
    const kept = lintedNow.get(uri);
    if (kept && kept.text === key.text && kept.config === key.config && kept.indexVersion === key.indexVersion) return kept.problems;
    const problems = checker.problemsOfText(uri, text, config);
    lintedNow.set(uri, { ...key, problems });
    return problems;
  }

  connection.onCodeAction(async (params): Promise<CodeAction[]> => {
    try {
      const document = documents.get(params.textDocument.uri);
      if (!document || !fileKindOf(document.uri)) return [];
      const problems = problemsLintedNow(document.uri, document.getText(), await configFor(document.uri));
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

  /** The open document's text (or the file on disk), with what the renderer needs from the workspace. */
  async function guideSource(uri: string): Promise<GuideSource & { config: LintConfig }> {
    const document = documents.get(uri);
    const text = document?.getText() ?? (await runtime.readFile(uri));
    const config = await configFor(uri);
    const cached = document && text !== undefined ? parses.get(uri, document.version, text) : undefined;
    return { uri, text, version: document?.version, parsed: cached?.parsed, model: cached?.model, index: checker.index, questionMinutes: config.questionMinutes, config };
  }

  // The preview's questions from its last render of each file; made by the first render.
  let renderMemos: RenderMemos | undefined;

  connection.onRequest(RENDER_GUIDE_REQUEST, async (params: RenderGuideParams): Promise<RenderGuideResult> => {
    try {
      const source = await guideSource(params.uri);
      // Problems of this very text, so every badge sits on what the preview shows: the editor's own when they are
      // current (the same as the Problems panel, and free), else checked now.
      const problems =
        source.text === undefined
          ? []
          : ((await checkedProblems(params.uri, source.text)) ?? checker.problemsOfText(params.uri, source.text, source.config));
      const { renderGuide, RenderMemos } = await import('./features/renderGuide');
      renderMemos ??= new RenderMemos();
      return renderGuide(source, problems, renderMemos);
    } catch (error) {
      connection.console.error(`Rendering ${params.uri} failed: ${describe(error)}`);
      return { html: '', title: '', error: { message: 'The guide could not be rendered; the Competency Guides output has details.', line: 0 } };
    }
  });

  connection.onRequest(EXPORT_GUIDE_REQUEST, async (params: ExportGuideParams): Promise<ExportGuideResult> => {
    try {
      const source = await guideSource(params.uri);
      // media/ ships beside docs/rules/, whose location the runtime already knows.
      const css = params.format === 'md' ? '' : ((await runtime.readFile(new URL('../../media/preview.css', `${runtime.ruleDocsBase}/`).toString())) ?? '');
      const { exportGuide } = await import('./features/renderGuide');
      return exportGuide(source, params.format === 'md' ? 'md' : 'html', css);
    } catch (error) {
      connection.console.error(`Exporting ${params.uri} failed: ${describe(error)}`);
      return { content: '', title: '', error: { message: 'The guide could not be exported; the Competency Guides output has details.', line: 0 } };
    }
  });

  documents.onDidClose((event) => {
    parses.delete(event.document.uri);
    lintedNow.delete(event.document.uri);
    renderMemos?.forget(event.document.uri);
  });

  function bankDocument(uri: string) {
    const document = documents.get(uri);
    const parsed = document && parses.get(uri, document.version, document.getText());
    return document && parsed ? { document, parsed } : undefined;
  }

  /** Every bank file as features see it: open documents with their unsaved text, the others from the index. */
  function bankFiles(): FileSummary[] {
    const open = documents.all().flatMap((d) => parses.summary(d.uri, d.version, d.getText()) ?? []);
    return [...workspaceFiles(checker.index.all(), open)];
  }

  /** Runs a request handler: a failure is logged and answers the neutral value; a cancelled request too. */
  async function runSafe<T>(what: string, neutral: T, token: CancellationToken, run: () => T | Promise<T>): Promise<T> {
    try {
      if (token.isCancellationRequested) return neutral;
      const result = await run();
      return token.isCancellationRequested ? neutral : result;
    } catch (error) {
      connection.console.error(`${what} failed: ${describe(error)}`);
      return neutral;
    }
  }

  connection.onCompletion((params, token) =>
    runSafe('Completion', null, token, () => {
      const document = documents.get(params.textDocument.uri);
      const kind = document && fileKindOf(document.uri);
      if (!document || !kind) return null;
      return doComplete(document, params.position, { kind, index: checker.index, triggerCharacter: params.context?.triggerCharacter });
    }),
  );

  connection.onHover((params, token) =>
    runSafe('Hover', null, token, () => {
      const document = documents.get(params.textDocument.uri);
      const kind = document && fileKindOf(document.uri);
      if (!document || !kind) return null;
      return doHover(document, params.position, { kind, index: checker.index, ruleDocsBase: runtime.ruleDocsBase });
    }),
  );

  connection.onDocumentSymbol((params, token) =>
    runSafe('Document symbols', [], token, () => {
      const bank = bankDocument(params.textDocument.uri);
      return bank ? findDocumentSymbols(bank.parsed, bank.document, { index: checker.index, memo: outlineMemo }) : [];
    }),
  );

  connection.onWorkspaceSymbol((params, token) => runSafe('Workspace symbols', [], token, () => findWorkspaceSymbols(params.query, bankFiles())));

  connection.onDefinition((params, token) =>
    runSafe('Go to definition', [], token, () => {
      const bank = bankDocument(params.textDocument.uri);
      return bank ? findDefinition(bank.parsed.summary(), bank.document.offsetAt(params.position), bankFiles()) : [];
    }),
  );

  connection.onReferences((params, token) =>
    runSafe('Find references', [], token, () => {
      const bank = bankDocument(params.textDocument.uri);
      if (!bank) return [];
      return findReferences(bank.parsed.summary(), bank.document.offsetAt(params.position), bankFiles(), params.context.includeDeclaration);
    }),
  );

  connection.onPrepareRename((params, token) =>
    runSafe('Rename', null, token, () => {
      const bank = bankDocument(params.textDocument.uri);
      if (!bank) return null;
      const result = prepareRename(bank.parsed.summary(), bank.document.offsetAt(params.position));
      return 'error' in result ? new ResponseError(LSPErrorCodes.RequestFailed, result.error) : result;
    }),
  );

  connection.onRenameRequest((params, token) =>
    runSafe('Rename', null, token, () => {
      const bank = bankDocument(params.textDocument.uri);
      if (!bank) return null;
      const result = renameId(bank.parsed.summary(), bank.document.offsetAt(params.position), params.newName, bankFiles(), (uri) => documents.get(uri)?.getText());
      return 'error' in result ? new ResponseError(LSPErrorCodes.RequestFailed, result.error) : result.edit;
    }),
  );

  connection.onFoldingRanges((params, token) =>
    runSafe('Folding ranges', [], token, () => {
      const bank = bankDocument(params.textDocument.uri);
      return bank ? findFoldingRanges(bank.parsed.parsed, bank.document) : [];
    }),
  );

  connection.onSelectionRanges((params, token) =>
    runSafe('Selection ranges', [], token, () => {
      const bank = bankDocument(params.textDocument.uri);
      return bank ? findSelectionRanges(bank.parsed.parsed, bank.document, params.positions) : [];
    }),
  );

  connection.onCodeLens((params, token) =>
    runSafe('Code lens', [], token, async () => {
      const bank = bankDocument(params.textDocument.uri);
      if (!bank) return [];
      const config = await configFor(bank.document.uri);
      const followUpsMin = integerOption(config.rules['missing-follow-ups']?.options ?? {}, 'min', 1, 1);
      return findCodeLenses(bank.parsed, bank.document, { index: checker.index, questionMinutes: config.questionMinutes, followUpsMin });
    }),
  );

  connection.onRequest(STATUS_REQUEST, (params: StatusParams, token) =>
    runSafe<StatusResult>('Status', { indexedFiles: checker.index.size }, token, async () => {
      const { uri } = await configs.resolve(params.uri);
      return { configUri: uri, indexedFiles: checker.index.size };
    }),
  );

  documents.listen(connection);
  connection.listen();
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
