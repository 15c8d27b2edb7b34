/**
 * What the fuzzer and its regression test share: a client for one long-lived bundled server over stdio that records
 * everything a crash, a hang or a bad answer would show, the checks on what the server answers, and the CLI runs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { Diagnostic, PublishDiagnosticsParams, Range, TextEdit } from 'vscode-languageserver-protocol';
import { parseAllDocuments } from 'yaml';
import { SERVER_NODE_OPTIONS, spawnEnvironment } from '../../common/serverProcess';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const SERVER = path.join(REPO_ROOT, 'dist', 'server.js');
export const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');

export type Kind = 'competency' | 'guide';

export function fileUri(file: string): string {
  return pathToFileURL(file).toString();
}

export function languageOf(kind: Kind): string {
  return kind === 'guide' ? 'interview-guide-yaml' : 'competency-yaml';
}

const validity = new Map<string, boolean>();

/** Whether the `yaml` package itself finds errors: such a file must get at least one diagnostic. */
export function isInvalidYaml(text: string): boolean {
  const known = validity.get(text);
  if (known !== undefined) return known;
  let invalid: boolean;
  try {
    const documents = parseAllDocuments(text);
    invalid = documents.some((document) => document.errors.length > 0) || ((documents as { errors?: unknown[] }).errors?.length ?? 0) > 0;
  } catch {
    invalid = true;
  }
  // The same few texts (the workspace's files, the last versions) are asked about again and again.
  if (validity.size > 64) validity.delete(validity.keys().next().value!);
  validity.set(text, invalid);
  return invalid;
}

// ---------------------------------------------------------------------------------------------------------------
// Ranges as LSP counts them: lines end at \r\n, \r or \n; characters are UTF-16 code units.

export function lineLengths(text: string): number[] {
  return text.split(/\r\n|\r|\n/).map((line) => line.length);
}

function positionProblem(lengths: readonly number[], position: { line: number; character: number } | undefined, what: string): string | undefined {
  if (!position || !Number.isInteger(position.line) || !Number.isInteger(position.character)) return `${what}: not a position: ${JSON.stringify(position)}`;
  if (position.line < 0 || position.line >= lengths.length) return `${what}: line ${position.line} outside the document's ${lengths.length} lines`;
  if (position.character < 0 || position.character > lengths[position.line]) {
    return `${what}: character ${position.character} outside line ${position.line} of length ${lengths[position.line]}`;
  }
  return undefined;
}

function before(a: { line: number; character: number }, b: { line: number; character: number }): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

/** Why a range does not fit the document, or undefined when it does. */
export function rangeProblem(lengths: readonly number[], range: Range | undefined, what: string): string | undefined {
  if (!range) return `${what}: no range`;
  const problem = positionProblem(lengths, range.start, `${what} start`) ?? positionProblem(lengths, range.end, `${what} end`);
  if (problem) return problem;
  if (before(range.end, range.start)) return `${what}: ends before it starts ${JSON.stringify(range)}`;
  return undefined;
}

function contains(outer: Range, inner: Range): boolean {
  return !before(inner.start, outer.start) && !before(outer.end, inner.end);
}

/** Problems with a publish for a text: ranges inside it, and at least one diagnostic when it is not valid YAML. */
export function publishProblems(text: string, diagnostics: readonly Diagnostic[], texts: (uri: string) => string | undefined): string[] {
  const lengths = lineLengths(text);
  const problems: string[] = [];
  diagnostics.forEach((diagnostic, i) => {
    const message = typeof diagnostic.message === 'string' ? diagnostic.message : '';
    const problem = rangeProblem(lengths, diagnostic.range, `diagnostic ${i} (${String(diagnostic.code)}: ${message.slice(0, 80)})`);
    if (problem) problems.push(problem);
    if (!message.trim()) problems.push(`diagnostic ${i} has no message`);
    for (const related of diagnostic.relatedInformation ?? []) {
      const relatedText = texts(related.location.uri);
      if (relatedText === undefined) continue;
      const relatedProblem = rangeProblem(lineLengths(relatedText), related.location.range, `related information of diagnostic ${i} in ${related.location.uri}`);
      if (relatedProblem) problems.push(relatedProblem);
    }
  });
  if (!diagnostics.length && isInvalidYaml(text)) problems.push('the file is not valid YAML but got no diagnostic');
  return problems;
}

/** Checks the text edits for one document: inside it and not overlapping (as VS Code requires). */
export function editProblems(text: string, edits: readonly TextEdit[], what: string): string[] {
  const lengths = lineLengths(text);
  const problems = edits.map((edit, i) => rangeProblem(lengths, edit.range, `${what} edit ${i}`)).filter((p): p is string => !!p);
  const sorted = [...edits].sort((a, b) => (before(a.range.start, b.range.start) ? -1 : before(b.range.start, a.range.start) ? 1 : 0));
  for (let i = 1; i < sorted.length; i++) {
    if (before(sorted[i].range.start, sorted[i - 1].range.end)) problems.push(`${what}: edits overlap: ${JSON.stringify(sorted[i - 1].range)} and ${JSON.stringify(sorted[i].range)}`);
  }
  return problems;
}

/** Checks what a request answered for a document with this text; the shapes VS Code itself rejects are failures. */
export function answerProblems(method: string, text: string, uri: string, answer: unknown): string[] {
  const lengths = lineLengths(text);
  const problems: string[] = [];
  const range = (r: Range | undefined, what: string) => {
    const problem = rangeProblem(lengths, r, what);
    if (problem) problems.push(problem);
  };
  switch (method) {
    case 'textDocument/completion': {
      const items = Array.isArray(answer) ? answer : ((answer as { items?: unknown[] } | null)?.items ?? []);
      for (const [i, item] of (items as { label?: unknown; textEdit?: { range?: Range; insert?: Range; replace?: Range }; additionalTextEdits?: TextEdit[] }[]).entries()) {
        if (typeof item.label !== 'string') problems.push(`completion item ${i} has no label`);
        if (item.textEdit?.range) range(item.textEdit.range, `completion item ${i} text edit`);
        if (item.textEdit?.insert) range(item.textEdit.insert, `completion item ${i} insert range`);
        if (item.textEdit?.replace) range(item.textEdit.replace, `completion item ${i} replace range`);
        for (const edit of item.additionalTextEdits ?? []) range(edit.range, `completion item ${i} additional edit`);
      }
      break;
    }
    case 'textDocument/hover': {
      const hover = answer as { range?: Range } | null;
      if (hover?.range) range(hover.range, 'hover range');
      break;
    }
    case 'textDocument/documentSymbol': {
      const visit = (symbols: { name?: string; range: Range; selectionRange: Range; children?: unknown[] }[], where: string) => {
        for (const [i, symbol] of symbols.entries()) {
          const what = `${where}${i}`;
          if (typeof symbol.name !== 'string' || !symbol.name) problems.push(`symbol ${what} has an empty name (VS Code rejects it)`);
          range(symbol.range, `symbol ${what} range`);
          range(symbol.selectionRange, `symbol ${what} selection range`);
          if (symbol.range && symbol.selectionRange && !contains(symbol.range, symbol.selectionRange)) {
            problems.push(`symbol ${what}: selection range ${JSON.stringify(symbol.selectionRange)} is not inside its range ${JSON.stringify(symbol.range)} (VS Code rejects it)`);
          }
          if (symbol.children) visit(symbol.children as typeof symbols, `${what}.`);
        }
      };
      visit((answer ?? []) as never, '');
      break;
    }
    case 'textDocument/codeAction': {
      for (const [i, action] of ((answer ?? []) as { title?: string; edit?: { changes?: Record<string, TextEdit[]> } }[]).entries()) {
        if (typeof action.title !== 'string' || !action.title) problems.push(`code action ${i} has no title`);
        for (const [target, edits] of Object.entries(action.edit?.changes ?? {})) {
          if (target === uri) problems.push(...editProblems(text, edits, `code action ${i} (${action.title})`));
        }
      }
      break;
    }
    case 'textDocument/foldingRange': {
      for (const [i, fold] of ((answer ?? []) as { startLine: number; endLine: number }[]).entries()) {
        if (!(fold.startLine >= 0 && fold.startLine <= fold.endLine && fold.endLine < lengths.length)) {
          problems.push(`folding range ${i} ${JSON.stringify(fold)} outside the document's ${lengths.length} lines`);
        }
      }
      break;
    }
    case 'textDocument/selectionRange': {
      for (const [i, selection] of ((answer ?? []) as { range: Range; parent?: unknown }[]).entries()) {
        let current: { range: Range; parent?: unknown } | undefined = selection;
        for (let depth = 0; current; depth++) {
          range(current.range, `selection range ${i} level ${depth}`);
          const parent = current.parent as { range: Range; parent?: unknown } | undefined;
          if (parent && !contains(parent.range, current.range)) problems.push(`selection range ${i} level ${depth}: its parent does not contain it (VS Code rejects it)`);
          current = parent;
        }
      }
      break;
    }
    case 'textDocument/codeLens': {
      for (const [i, lens] of ((answer ?? []) as { range: Range }[]).entries()) range(lens.range, `code lens ${i}`);
      break;
    }
    case 'competencyGuides/renderGuide': {
      const render = answer as { html?: unknown; title?: unknown; error?: { line: number; message: string } };
      if (typeof render?.html !== 'string' || typeof render.title !== 'string') problems.push(`renderGuide answered ${JSON.stringify(answer)?.slice(0, 200)}`);
      else if (/<script/i.test(render.html)) problems.push('renderGuide html holds a <script>');
      if (render?.error && !(render.error.line >= 0 && render.error.line < lengths.length)) problems.push(`renderGuide error line ${render.error.line} outside the document`);
      break;
    }
    default:
      break;
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------------------------
// The server.

export interface Timed<T> {
  result?: T;
  error?: string;
  ms: number;
  /** No answer within the hang limit. */
  hung?: boolean;
}

/**
 * One bundled server over stdio, with everything that would show a failure recorded: stderr, the exit, errors it
 * logs (a request handler that threw), and every publish.
 */
export class FuzzServer {
  private readonly child: ChildProcess;
  private readonly connection: MessageConnection;
  private readonly latest = new Map<string, PublishDiagnosticsParams>();
  private readonly waiters = new Set<() => void>();
  private readonly versions = new Map<string, number>();
  readonly stderr: string[] = [];
  /** Messages the server logged as errors (`window/logMessage` type 1). */
  readonly loggedErrors: string[] = [];
  /** `telemetry/event` notifications: there must be none. */
  readonly telemetry: unknown[] = [];
  exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private disposed = false;

  constructor(
    private settings: Record<string, unknown>,
    /** Called with each publish as it arrives, for checks against the text of the version it names. */
    private readonly onPublish: (params: PublishDiagnosticsParams) => void = () => undefined,
    options: { execArgv?: string[]; env?: NodeJS.ProcessEnv } = {},
  ) {
    if (!existsSync(SERVER)) throw new Error(`${SERVER} is missing: run \`npm run build\` first.`);
    // With the Node options and environment the extension gives the server, and any the test adds.
    this.child = spawn(process.execPath, [...SERVER_NODE_OPTIONS, ...(options.execArgv ?? []), SERVER, '--stdio'], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: spawnEnvironment(options.env ?? process.env),
    });
    this.child.stderr!.on('data', (chunk) => this.stderr.push(String(chunk)));
    this.child.on('exit', (code, signal) => {
      this.exit = { code, signal };
      for (const wake of [...this.waiters]) wake();
    });
    // A write after the server died must not take the test process down with EPIPE.
    this.child.stdin!.on('error', () => undefined);
    this.connection = createMessageConnection(new StreamMessageReader(this.child.stdout!), new StreamMessageWriter(this.child.stdin!));
    this.connection.onError(() => undefined);
    this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.latest.set(params.uri, params);
      this.onPublish(params);
      for (const wake of [...this.waiters]) wake();
    });
    this.connection.onNotification('window/logMessage', (params: { type: number; message: string }) => {
      if (params.type === 1) this.loggedErrors.push(params.message);
    });
    this.connection.onNotification('telemetry/event', (params: unknown) => {
      this.telemetry.push(params);
    });
    this.connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) =>
      params.items.map((item) => (item.section === 'competencyGuides' ? this.settings : null)),
    );
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('workspace/codeLens/refresh', () => null);
    this.connection.listen();
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get alive(): boolean {
    return this.exit === undefined && !this.disposed;
  }

  async initialize(root: string): Promise<void> {
    await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: fileUri(root),
      workspaceFolders: [{ uri: fileUri(root), name: path.basename(root) }],
      capabilities: {
        workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true }, codeLens: { refreshSupport: true } },
        textDocument: {
          publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true, versionSupport: true },
          rename: { prepareSupport: true },
        },
      },
    });
    await this.connection.sendNotification('initialized', {});
  }

  async changeSettings(settings: Record<string, unknown>): Promise<void> {
    this.settings = settings;
    await this.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  }

  version(uri: string): number | undefined {
    return this.versions.get(uri);
  }

  async open(uri: string, text: string, kind: Kind): Promise<number> {
    this.versions.set(uri, 1);
    // Versions start again at 1: a publish from before a close must not count as this one's.
    this.latest.delete(uri);
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: languageOf(kind), version: 1, text } });
    return 1;
  }

  /** A full-text change, as a client without incremental sync sends it. */
  async change(uri: string, text: string): Promise<number> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    return version;
  }

  async notify(method: string, params: unknown): Promise<void> {
    await this.connection.sendNotification(method, params);
  }

  async save(uri: string): Promise<void> {
    await this.connection.sendNotification('textDocument/didSave', { textDocument: { uri } });
  }

  async close(uri: string): Promise<void> {
    this.versions.delete(uri);
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /** Waits for the publish of `uri` at `version` or later; `hung` when none came within `hangMs`. */
  async waitForPublish(uri: string, version: number, hangMs: number): Promise<Timed<Diagnostic[]>> {
    const started = performance.now();
    const ready = () => {
      const current = this.latest.get(uri);
      return current && (current.version ?? 0) >= version ? current : undefined;
    };
    return new Promise((resolve) => {
      const finish = () => {
        const current = ready();
        if (current) return done({ result: current.diagnostics, ms: performance.now() - started });
        if (!this.alive) return done({ error: 'the server exited', ms: performance.now() - started, hung: true });
        return undefined;
      };
      const timer = setTimeout(() => done({ error: `no publish for version ${version} within ${hangMs} ms`, ms: performance.now() - started, hung: true }), hangMs);
      const done = (value: Timed<Diagnostic[]>) => {
        clearTimeout(timer);
        this.waiters.delete(finish);
        resolve(value);
      };
      this.waiters.add(finish);
      finish();
    });
  }

  /** A request, timed; `hung` when no answer came within `hangMs` (the request is then cancelled). */
  async request<T>(method: string, params: unknown, hangMs: number): Promise<Timed<T>> {
    const started = performance.now();
    if (!this.alive) return { error: 'the server is not running', ms: 0, hung: true };
    let timer: NodeJS.Timeout | undefined;
    let exitWake: (() => void) | undefined;
    const hang = new Promise<Timed<T>>((resolve) => {
      timer = setTimeout(() => resolve({ error: `no answer within ${hangMs} ms`, ms: performance.now() - started, hung: true }), hangMs);
      exitWake = () => {
        if (!this.alive) resolve({ error: 'the server exited', ms: performance.now() - started, hung: true });
      };
      this.waiters.add(exitWake);
    });
    const answer = this.connection.sendRequest(method, params).then(
      (result) => ({ result: result as T, ms: performance.now() - started }),
      (error: unknown) => ({ error: error instanceof Error ? error.message : String(error), ms: performance.now() - started }),
    );
    try {
      return await Promise.race([answer, hang]);
    } finally {
      clearTimeout(timer);
      if (exitWake) this.waiters.delete(exitWake);
    }
  }

  /** CPU time the server process has used, in ms (Linux only; 0 elsewhere): what the run would take on an idle machine. */
  cpuMs(): number {
    try {
      const fields = readFileSync(`/proc/${this.child.pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
      // utime and stime, fields 14 and 15 of the whole line, in clock ticks of 10 ms.
      return (Number(fields[11]) + Number(fields[12])) * 10;
    } catch {
      return 0;
    }
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    if (this.exit === undefined) {
      try {
        await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 1000))]);
        await this.connection.sendNotification('exit');
      } catch {
        // Already gone: killing it is enough.
      }
    }
    this.connection.dispose();
    if (this.exit === undefined) this.child.kill();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The CLI.

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
  /** Killed for running longer than its time limit. */
  timedOut?: number;
}

/**
 * Runs `node dist/cli.js ...args` without blocking the event loop (the server keeps being driven meanwhile). A run
 * that outlives its time limit is tried once more: the first may have met a machine busy with something else.
 */
export async function runCli(args: readonly string[], cwd: string, options: { timeoutMs?: number; execArgv?: string[]; env?: NodeJS.ProcessEnv } = {}): Promise<CliRun> {
  const first = await runCliOnce(args, cwd, options);
  return first.timedOut ? runCliOnce(args, cwd, options) : first;
}

function runCliOnce(args: readonly string[], cwd: string, options: { timeoutMs?: number; execArgv?: string[]; env?: NodeJS.ProcessEnv } = {}): Promise<CliRun> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first.`);
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...(options.execArgv ?? []), CLI, ...args], { cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    const limit = options.timeoutMs ?? 60_000;
    let timedOut: number | undefined;
    const timer = setTimeout(() => {
      timedOut = limit;
      child.kill('SIGKILL');
    }, limit);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8'), ms: performance.now() - started, timedOut });
    });
  });
}

const STACK_TRACE = /\n\s+at .+[:(]/;

/** Problems with a `lint` run: exit 0 or 1, no stack trace, no internal failure. */
export function lintRunProblems(run: CliRun): string[] {
  if (run.timedOut) return [`lint did not finish within ${run.timedOut} ms (hang)`];
  const problems: string[] = [];
  if (run.code !== 0 && run.code !== 1) problems.push(`lint exited ${run.code ?? run.signal}: ${run.stderr.slice(0, 2000)}`);
  if (STACK_TRACE.test(run.stderr) || STACK_TRACE.test(run.stdout)) problems.push(`lint printed a stack trace: ${run.stderr.slice(0, 2000)}`);
  if (/unexpected failure/.test(run.stderr)) problems.push(`lint failed unexpectedly: ${run.stderr.slice(0, 2000)}`);
  return problems;
}

/** Problems with an `export` run: 0 with content, or 2 with a one-line message; never a stack trace. */
export function exportRunProblems(run: CliRun): string[] {
  if (run.timedOut) return [`export did not finish within ${run.timedOut} ms (hang)`];
  const problems: string[] = [];
  if (run.code === 0) {
    if (!run.stdout.length) problems.push('export exited 0 but wrote nothing');
  } else if (run.code === 2) {
    if (!/^competency-guides: \S/.test(run.stderr)) problems.push(`export exited 2 without a message: ${JSON.stringify(run.stderr.slice(0, 500))}`);
    if (run.stdout.length) problems.push('export exited 2 but wrote to stdout');
  } else {
    problems.push(`export exited ${run.code ?? run.signal}: ${run.stderr.slice(0, 2000)}`);
  }
  if (STACK_TRACE.test(run.stderr)) problems.push(`export printed a stack trace: ${run.stderr.slice(0, 2000)}`);
  if (/unexpected failure/.test(run.stderr)) problems.push(`export failed unexpectedly: ${run.stderr.slice(0, 2000)}`);
  return problems;
}

export interface LintedFileJson {
  filePath: string;
  problems?: { line: number; column: number; endLine: number; endColumn: number; ruleId: string; message: string }[];
  messages?: unknown[];
}
