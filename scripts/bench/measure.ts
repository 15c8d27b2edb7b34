// The measurements: one server session on one bank (cold open, typing, key edits, completion, symbols, preview,
// memory), the workspace index, and the command line. Every wait is on an event (a publish, a response), bounded
// by a cap; every series stops when its time budget is spent and says so.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, watch } from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { CompletionItem, CompletionList, Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { assertDiagnostics, compare, WrongDiagnostics } from './checks';
import type { Bank, Workspace } from './generate';
import { TimeoutError, type LspDriver } from './lspDriver';
import { median, type Series } from './stats';
import { OUR_CLI, ours, peer, type ServerSpec } from './servers';

export interface Budget {
  /** The longest wait for one publish or response before the step counts as timed out. */
  capMs: number;
  typingEdits: number;
  typingMs: number;
  keyPairs: number;
  keyMs: number;
  requests: number;
  requestMs: number;
  renders: number;
  renderMs: number;
}

export interface BankFile {
  path: string;
  uri: string;
  bank: Bank;
}

export interface SessionPlan {
  typing: boolean;
  keys: boolean;
  requests: boolean;
  render: boolean;
  /** Awaited before the server is shut down (with the cap as its limit): to let it finish something of its own. */
  holdUntil?: () => Promise<void>;
}

export const NOTHING: SessionPlan = { typing: false, keys: false, requests: false, render: false };

export interface SessionResult {
  server: string;
  kind: 'ours' | 'peer';
  startupMs?: number;
  coldMs?: number;
  typing?: Series;
  keys?: Series;
  completion?: Series;
  symbols?: Series;
  render?: Series;
  /** Peak RSS after the work both servers do (open, typing, key edits, completion, symbols): compared with the peer. */
  peakMb?: number;
  /** Peak RSS once the preview has been rendered too, which only ours does. */
  previewPeakMb?: number;
  cleanChecked: boolean;
  /** Set when the cold open got no diagnostics within the cap: nothing else was measured. */
  timedOut?: string;
  notes: string[];
}

const TYPED_WORD = 'quickly ';

/** `initialize` as the editor sends it to this server, for a workspace folder at `rootUri`. */
function initialize(spec: ServerSpec, driver: LspDriver, rootUri: string, name?: string): Promise<unknown> {
  return driver.initialize(rootUri, { name, initializationOptions: spec.initializationOptions?.(rootUri) });
}

/** One server, one bank: everything a person does in one file, timed. */
export async function runSession(spec: ServerSpec, planted: BankFile, rootUri: string, budget: Budget, plan: SessionPlan): Promise<SessionResult> {
  const result: SessionResult = { server: spec.label, kind: spec.kind, cleanChecked: false, notes: [] };
  const driver = spec.start();
  const { bank } = planted;
  const uri = planted.uri;
  try {
    await initialize(spec, driver, rootUri);
    await spec.configure(driver, budget.capMs);

    // Cold open: the first publish after didOpen. Ours versions it; the peer's first right one counts, since it
    // may validate once before its schema mapping is in place.
    const mark = driver.mark(uri);
    const openedAt = await driver.open(uri, spec.languageId, bank.text);
    const accept = spec.kind === 'ours' ? (p: PublishDiagnosticsParams) => p.version === 1 : (p: PublishDiagnosticsParams) => compare('peer', p.diagnostics, bank.planted).length === 0;
    let first: { diagnostics: Diagnostic[]; at: number };
    try {
      first = await driver.nextPublish(uri, mark, budget.capMs, accept);
    } catch (error) {
      if (!(error instanceof TimeoutError)) throw error;
      const last = driver.latestDiagnostics().get(uri);
      if (last) assertDiagnostics(`${spec.label} on ${path.basename(planted.path)} after opening`, spec.kind, last, bank.planted);
      result.timedOut = `no diagnostics within ${budget.capMs / 1000} s of opening`;
      return result;
    }
    assertDiagnostics(`${spec.label} on ${path.basename(planted.path)} after opening`, spec.kind, first.diagnostics, bank.planted);
    result.startupMs = first.at - driver.startedAt;
    result.coldMs = first.at - openedAt;

    const session = new EditSession(driver, spec, planted, budget);
    if (plan.typing) result.typing = await session.typing(budget.typingEdits, budget.typingMs);
    if (plan.keys) result.keys = await session.keyEdits(spec.lintRun === 'onType');
    if (plan.requests) {
      result.completion = await series(budget.requests, budget.requestMs, async () => {
        const { result: items, ms } = await driver.timedRequest<CompletionList | CompletionItem[] | null>(
          'textDocument/completion',
          { textDocument: { uri }, position: bank.completion, context: { triggerKind: 1 } },
          budget.capMs,
        );
        const labels = (Array.isArray(items) ? items : (items?.items ?? [])).map((item) => item.label);
        if (!labels.some((label) => label.includes('tags'))) {
          throw new WrongDiagnostics(`${spec.label}: completion on the empty key line offers no \`tags\` (got ${labels.slice(0, 8).join(', ') || 'nothing'})`);
        }
        return ms;
      }, 'completions');
      result.symbols = await series(budget.requests, budget.requestMs, async () => {
        const { result: symbols, ms } = await driver.timedRequest<unknown[] | null>('textDocument/documentSymbol', { textDocument: { uri } }, budget.capMs);
        if (!symbols?.length) throw new WrongDiagnostics(`${spec.label}: no document symbols`);
        return ms;
      }, 'symbol requests');
    }
    // VmHWM only ever rises: read before the renders, it is the peak of the same work the peer was given.
    result.peakMb = driver.memory().peakMb;
    if (plan.render) {
      result.render = await session.renders(budget.renders, budget.renderMs);
      result.previewPeakMb = driver.memory().peakMb;
    }
    if (plan.holdUntil) await plan.holdUntil();
    for (const s of [result.typing, result.keys, result.completion, result.symbols, result.render]) if (s?.stopped) result.notes.push(s.stopped);
    return result;
  } catch (error) {
    if (error instanceof WrongDiagnostics) throw error;
    throw new Error(`${spec.label} failed on ${path.basename(planted.path)}: ${error instanceof Error ? error.message : String(error)}\n${driver.stderr.join('').slice(-1500)}`);
  } finally {
    await driver.dispose();
  }
}

/**
 * Opens the clean bank in a fresh server process (so no other bank's questions are indexed beside it) and checks
 * that nothing is reported. Returns whether the check was done: false when no diagnostics came within the cap.
 */
export async function checkClean(spec: ServerSpec, clean: BankFile, rootUri: string, capMs: number): Promise<boolean> {
  const driver = spec.start();
  try {
    await initialize(spec, driver, rootUri);
    await spec.configure(driver, capMs);
    const mark = driver.mark(clean.uri);
    await driver.open(clean.uri, spec.languageId, clean.bank.text);
    const accept = spec.kind === 'ours' ? (p: PublishDiagnosticsParams) => p.version === 1 : () => true;
    try {
      const published = await driver.nextPublish(clean.uri, mark, capMs, accept);
      assertDiagnostics(`${spec.label} on the clean ${path.basename(clean.path)}`, spec.kind, published.diagnostics, []);
      return true;
    } catch (error) {
      if (error instanceof TimeoutError) return false;
      throw error;
    }
  } catch (error) {
    if (error instanceof WrongDiagnostics) throw error;
    throw new Error(`${spec.label} failed on ${path.basename(clean.path)}: ${error instanceof Error ? error.message : String(error)}\n${driver.stderr.join('').slice(-1500)}`);
  } finally {
    await driver.dispose();
  }
}

/** Runs `sample` up to `planned` times while `budgetMs` lasts (at least once). */
async function series(planned: number, budgetMs: number, sample: (i: number) => Promise<number>, what = 'samples'): Promise<Series> {
  const values: number[] = [];
  const start = performance.now();
  for (let i = 0; i < planned; i++) {
    if (i > 0 && performance.now() - start > budgetMs) {
      return { values, planned, stopped: `${values.length} of ${planned} ${what}: the ${Math.round(budgetMs / 1000)} s budget was spent` };
    }
    try {
      values.push(await sample(i));
    } catch (error) {
      if (!(error instanceof TimeoutError)) throw error;
      return { values, planned, stopped: `${values.length} of ${planned} ${what}: ${error.message}` };
    }
  }
  return { values, planned };
}

/** Edits to one open bank, each timed from sending didChange to the publish for that version. */
class EditSession {
  /** How much of the word is typed, and whether it is being deleted again. */
  private typed = 0;
  private deleting = false;
  constructor(
    private readonly driver: LspDriver,
    private readonly spec: ServerSpec,
    private readonly file: BankFile,
    private readonly budget: Budget,
  ) {}

  /** Sends one change and waits for its diagnostics, which must compare right; returns the milliseconds. */
  private async edit(range: { line: number; start: number; end: number }, text: string, expected: { ours?: string[]; peerLines?: number[] } = {}): Promise<number> {
    const { uri, bank } = this.file;
    const mark = this.driver.mark(uri);
    const { version, at } = await this.driver.change(uri, {
      range: { start: { line: range.line, character: range.start }, end: { line: range.line, character: range.end } },
      text,
    });
    // The peer publishes without a version: the next publish after the change is this change's.
    const accept = this.spec.kind === 'ours' ? (p: PublishDiagnosticsParams) => (p.version ?? 0) >= version : () => true;
    const published = await this.driver.nextPublish(uri, mark, this.budget.capMs, accept);
    assertDiagnostics(`${this.spec.label} after an edit on line ${range.line + 1}`, this.spec.kind, published.diagnostics, bank.planted, expected);
    return published.at - at;
  }

  /** Types one character of the word, or deletes one once the word is complete; the text stays valid YAML. */
  private async typeOrDelete(): Promise<number> {
    const { line, character } = this.file.bank.typing;
    if (this.typed < TYPED_WORD.length && !this.deleting) {
      const ms = await this.edit({ line, start: character + this.typed, end: character + this.typed }, TYPED_WORD[this.typed]);
      this.typed++;
      if (this.typed === TYPED_WORD.length) this.deleting = true;
      return ms;
    }
    const ms = await this.edit({ line, start: character + this.typed - 1, end: character + this.typed }, '');
    this.typed--;
    if (this.typed === 0) this.deleting = false;
    return ms;
  }

  /** Deletes whatever is left of the typed word in one untimed edit, so later steps see the bank as generated. */
  private async untype(): Promise<void> {
    if (this.typed === 0) return;
    const { line, character } = this.file.bank.typing;
    await this.edit({ line, start: character, end: character + this.typed }, '');
    this.typed = 0;
    this.deleting = false;
  }

  async typing(planned: number, budgetMs: number): Promise<Series> {
    const result = await series(planned, budgetMs, () => this.typeOrDelete(), 'typing edits');
    await this.untype();
    return result;
  }

  /** Breaks `areas_to_cover` (deletes its last letter) and fixes it, in pairs; both edits are timed. */
  async keyEdits(lintAsYouType: boolean): Promise<Series> {
    const { areasKey, typing } = this.file.bank;
    const keyEnd = areasKey.character + 'areas_to_cover'.length;
    const broken = {
      ours: [`${areasKey.line + 1}:schema`, ...(lintAsYouType ? [`${typing.line - 1}:missing-areas-to-cover`] : [])],
      peerLines: [areasKey.line + 1],
    };
    const values: number[] = [];
    const start = performance.now();
    const planned = this.budget.keyPairs * 2;
    for (let i = 0; i < this.budget.keyPairs; i++) {
      if (i > 0 && performance.now() - start > this.budget.keyMs) {
        return { values, planned, stopped: `${values.length} of ${planned} key edits: the ${Math.round(this.budget.keyMs / 1000)} s budget was spent` };
      }
      try {
        values.push(await this.edit({ line: areasKey.line, start: keyEnd - 1, end: keyEnd }, '', broken));
        values.push(await this.edit({ line: areasKey.line, start: keyEnd - 1, end: keyEnd - 1 }, 'r'));
      } catch (error) {
        if (!(error instanceof TimeoutError)) throw error;
        return { values, planned, stopped: `${values.length} of ${planned} key edits: ${error.message}` };
      }
    }
    return { values, planned };
  }

  /** Preview updates: after each typed or deleted character, the render request's round trip. */
  async renders(planned: number, budgetMs: number): Promise<Series> {
    const result = await series(
      planned,
      budgetMs,
      async () => {
        await this.typeOrDelete();
        const { result: rendered, ms } = await this.driver.timedRequest<{ html: string; error?: { message: string } }>(
          'competencyGuides/renderGuide',
          { uri: this.file.uri },
          this.budget.capMs,
        );
        if (!rendered.html || rendered.error) throw new WrongDiagnostics(`the preview render failed: ${rendered.error?.message ?? 'empty html'}`);
        return ms;
      },
      'preview renders',
    );
    await this.untype();
    return result;
  }
}

export interface WorkspaceResult {
  files: number;
  bytes: number;
  /** Median of the first sessions: nothing kept from an earlier session (as when a workspace is first opened). */
  firstMs?: number;
  /** Each first session's time. */
  firstStarts: number[];
  /** Median of the later sessions, which take the checks of unchanged files from the session before. */
  indexMs?: number;
  /** Each later session's time. */
  starts: number[];
  /** The highest of the starts. */
  peakMb?: number;
  timedOut?: string;
}

/**
 * Our server started on the workspace folder, `pairs` times two sessions: time from start until every file has its
 * diagnostics. `forget` empties the folder for kept checks (see servers.ts) before the first session of each pair,
 * which reads every file afresh; the second takes the checks the first kept. Without `forget` every session is a
 * first one. Each is a single sample of a few seconds on a machine that may be shared: the medians are steadier.
 */
export async function measureWorkspace(spec: ServerSpec, workspace: Workspace, capMs: number, pairs: number, forget?: () => void): Promise<WorkspaceResult> {
  const result: WorkspaceResult = { files: workspace.files.length, bytes: workspace.bytes, firstStarts: [], starts: [] };
  const once = async (into: number[]) => {
    const start = await indexWorkspaceOnce(spec, workspace, capMs);
    if (start.timedOut) result.timedOut = start.timedOut;
    else into.push(start.indexMs!);
    result.peakMb = Math.max(result.peakMb ?? 0, start.peakMb ?? 0) || undefined;
  };
  for (let i = 0; i < pairs && !result.timedOut; i++) {
    forget?.();
    await once(result.firstStarts);
    if (forget && !result.timedOut) await once(result.starts);
  }
  result.firstMs = result.firstStarts.length ? median(result.firstStarts) : undefined;
  result.indexMs = result.timedOut || !result.starts.length ? undefined : median(result.starts);
  return result;
}

async function indexWorkspaceOnce(spec: ServerSpec, workspace: Workspace, capMs: number): Promise<{ indexMs?: number; peakMb?: number; timedOut?: string }> {
  const result: { indexMs?: number; peakMb?: number; timedOut?: string } = {};
  const driver = spec.start();
  try {
    const rootUri = pathToFileURL(workspace.root).toString();
    await initialize(spec, driver, rootUri, 'workspace');
    const uris = workspace.files.map((file) => pathToFileURL(file.path).toString());
    try {
      const last = await driver.publishedAll(uris, capMs);
      result.indexMs = last - driver.startedAt;
    } catch (error) {
      if (!(error instanceof TimeoutError)) throw error;
      result.timedOut = `not every file had diagnostics within ${capMs / 1000} s`;
      return result;
    }
    const latest = driver.latestDiagnostics();
    for (const [i, file] of workspace.files.entries()) {
      const diagnostics = latest.get(uris[i]);
      if (!diagnostics) throw new WrongDiagnostics(`workspace: no diagnostics for ${file.path}`);
      assertDiagnostics(`workspace index, ${path.relative(workspace.root, file.path)}`, 'ours', diagnostics, file.planted);
    }
    result.peakMb = driver.memory().peakMb;
    return result;
  } finally {
    await driver.dispose();
  }
}

export interface StartupResult {
  /** Start → first diagnostics of each start, in milliseconds. Ours with an empty code cache folder, as after installing. */
  firstStarts: number[];
  /** Ours with the code cache an earlier start wrote: every start after the first. */
  laterStarts: number[];
  peer: number[];
  /** False when the warm-up start wrote no code cache within the cap: `laterStarts` are then first starts too. */
  cacheWritten: boolean;
}

/**
 * Starts each server `runs` times on one bank, timing spawn → first diagnostics; the three kinds of start take turns,
 * so a busier moment of the machine does not fall on one of them only. Before, one of ours runs until it has written
 * its code cache into `cacheFolder`.
 */
export async function measureStartup(bank: BankFile, rootUri: string, cacheFolder: string, budget: Budget, runs: number): Promise<StartupResult> {
  mkdirSync(cacheFolder, { recursive: true });
  let cacheWritten = true;
  const written = () => readdirSync(cacheFolder).some((name) => name.endsWith('.v8cache'));
  const holdUntil = () =>
    new Promise<void>((resolve) => {
      const watcher = watch(cacheFolder, () => written() && done());
      const timer = setTimeout(() => {
        cacheWritten = false;
        done();
      }, budget.capMs);
      const done = () => {
        clearTimeout(timer);
        watcher.close();
        resolve();
      };
      if (written()) done();
    });
  await runSession(ours('onSave', { delay: 0, codeCache: cacheFolder }), bank, rootUri, budget, { ...NOTHING, holdUntil });
  const result: StartupResult = { firstStarts: [], laterStarts: [], peer: [], cacheWritten };
  const startupOf = async (spec: ServerSpec) => {
    const session = await runSession(spec, bank, rootUri, budget, NOTHING);
    if (session.startupMs === undefined) throw new Error(`${spec.label}: ${session.timedOut ?? 'no start-up time'}`);
    return session.startupMs;
  };
  for (let i = 0; i < runs; i++) {
    result.peer.push(await startupOf(peer()));
    result.firstStarts.push(await startupOf(ours('onSave', { delay: 0, codeCache: path.join(cacheFolder, '..', `empty-${i}`) })));
    result.laterStarts.push(await startupOf(ours('onSave', { delay: 0, codeCache: cacheFolder })));
  }
  return result;
}

export interface CliResult {
  files: number;
  runs: number[];
  startupMs?: number;
  timedOut?: string;
}

interface CliProblem {
  ruleId: string;
  message: string;
  line: number;
}

/** `competency-guides lint --format json` over the workspace, timed as a person or CI sees it (process included). */
export function measureCli(workspace: Workspace, capMs: number, runs: number, budgetMs: number): CliResult {
  const result: CliResult = { files: workspace.files.length, runs: [] };
  const startups: number[] = [];
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    const run = spawnSync(process.execPath, [OUR_CLI, '--version'], { encoding: 'utf8' });
    startups.push(performance.now() - start);
    if (run.status !== 0) throw new Error(`competency-guides --version failed: ${run.stderr}`);
  }
  result.startupMs = median(startups);
  const begin = performance.now();
  for (let i = 0; i < runs && (i === 0 || performance.now() - begin < budgetMs); i++) {
    const start = performance.now();
    const run = spawnSync(process.execPath, [OUR_CLI, 'lint', '--format', 'json'], { cwd: workspace.root, encoding: 'utf8', timeout: capMs, maxBuffer: 512 * 1024 * 1024 });
    const ms = performance.now() - start;
    if (run.error && (run.error as NodeJS.ErrnoException).code === 'ETIMEDOUT') {
      result.timedOut = `lint did not finish within ${capMs / 1000} s`;
      return result;
    }
    if (run.status !== 1) throw new WrongDiagnostics(`competency-guides lint exited ${run.status} (1 expected: errors are planted): ${run.stderr}`);
    const report = JSON.parse(run.stdout) as { filePath: string; problems: CliProblem[] }[];
    const byPath = new Map(report.map((file) => [path.resolve(workspace.root, file.filePath), file.problems]));
    for (const file of workspace.files) {
      const problems = byPath.get(file.path);
      if (!problems) throw new WrongDiagnostics(`competency-guides lint did not report on ${file.path}`);
      const asDiagnostics = problems.map((p) => ({ range: { start: { line: p.line - 1, character: 0 }, end: { line: p.line - 1, character: 0 } }, code: p.ruleId, message: p.message }));
      assertDiagnostics(`competency-guides lint, ${path.relative(workspace.root, file.path)}`, 'ours', asDiagnostics, file.planted);
    }
    result.runs.push(ms);
  }
  return result;
}
