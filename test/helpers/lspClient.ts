import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import type { Diagnostic, PublishDiagnosticsParams, TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { SERVER_NODE_OPTIONS, spawnEnvironment } from '../../common/serverProcess';
import type { RuntimeEnvironment } from '../../server/src/runtime';
import { startServer } from '../../server/src/server';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
const SERVER = path.join(REPO_ROOT, 'dist', 'server.js');

/**
 * Copies of the example bank files into `folder`, numbered, until there are `count`: enough for a workspace the
 * server reads on worker threads. Returns their paths.
 */
export function copyExamples(folder: string, count: number): string[] {
  const examples = path.join(REPO_ROOT, 'examples');
  const banks = readdirSync(examples).filter((name) => name.endsWith('.yaml'));
  const files: string[] = [];
  for (let i = 0; files.length < count; i++) {
    const name = banks[i % banks.length];
    const target = path.join(folder, `${String(i).padStart(3, '0')}-${name}`);
    copyFileSync(path.join(examples, name), target);
    files.push(target);
  }
  return files;
}

/** The timer a runtime of the tests' own gives the server: the real one. */
export const realTimer: RuntimeEnvironment['timer'] = {
  setTimeout(callback, ms) {
    const handle = setTimeout(callback, ms);
    return { dispose: () => clearTimeout(handle) };
  },
};

export function fileUri(file: string): string {
  return pathToFileURL(file).toString();
}

/**
 * Drives the bundled server over stdio the way an editor does, and lets tests await what it publishes
 * instead of sleeping.
 */
export class LspTestClient {
  private readonly connection: MessageConnection;
  /** The server process; undefined when the server runs in this process (see the `runtime` option). */
  private readonly child: ChildProcess | undefined;
  private childExit: Promise<void> | undefined;
  private readonly latest = new Map<string, PublishDiagnosticsParams>();
  private readonly waiters: { uri: string; predicate: (d: Diagnostic[]) => boolean; resolve: (d: Diagnostic[]) => void; reject: (error: Error) => void }[] = [];
  private disposing = false;
  /** How the server process ended, if it did before `dispose`. */
  exited: string | undefined;
  private readonly versions = new Map<string, number>();
  readonly stderr: string[] = [];
  /** What the server wrote to its output channel. */
  readonly logs: string[] = [];
  /** Every publish, in order, for tests that check what was not sent. */
  readonly published: PublishDiagnosticsParams[] = [];
  private readonly historyWaiters = new Set<() => boolean>();
  /** How many `workspace/configuration` requests the server sent. */
  configurationRequests = 0;
  private readonly configurationWaiters: (() => void)[] = [];
  /** Answers to `workspace/configuration` wait for this (see holdConfiguration). */
  private configurationHeld: Promise<void> = Promise.resolve();

  /**
   * With `runtime`, the server runs in this process on that runtime (fake files, a pool the test controls); otherwise
   * the bundled server is started as the editor starts it, with `args` after its own.
   */
  constructor(
    public settings: Record<string, unknown> = {},
    options: { runtime?: RuntimeEnvironment; args?: readonly string[]; nodeOptions?: readonly string[] } = {},
  ) {
    if (options.runtime) {
      const toServer = new PassThrough();
      const toClient = new PassThrough();
      startServer(createConnection(ProposedFeatures.all, new StreamMessageReader(toServer), new StreamMessageWriter(toClient)), options.runtime);
      this.connection = createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
    } else {
      if (!existsSync(SERVER)) throw new Error(`${SERVER} is missing: run \`npm run build\` first.`);
      // With the Node options and environment the extension gives it.
      const child = spawn(process.execPath, [...SERVER_NODE_OPTIONS, ...(options.nodeOptions ?? []), SERVER, '--stdio', ...(options.args ?? [])], {
        stdio: ['pipe', 'pipe', 'pipe'],
        env: spawnEnvironment(process.env),
      });
      this.childExit = new Promise((resolve) => child.once('exit', () => resolve()));
      child.stderr!.on('data', (chunk) => this.stderr.push(String(chunk)));
      this.connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
      this.child = child;
      // A server that dies fails what waits on it, with how it ended, instead of leaving the test to hang.
      child.on('exit', (code, signal) => {
        if (this.disposing) return;
        this.exited = `the server exited (${signal ? `signal ${signal}` : `code ${code}`}); stderr: ${this.stderr.join('').slice(-2000)}`;
        for (const waiter of this.waiters.splice(0)) waiter.reject(new Error(this.exited));
        this.connection.dispose();
      });
    }
    this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.published.push(params);
      for (const waiter of [...this.historyWaiters]) if (waiter()) this.historyWaiters.delete(waiter);
      this.latest.set(params.uri, params);
      for (const waiter of [...this.waiters]) {
        if (waiter.uri === params.uri && waiter.predicate(params.diagnostics)) {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          waiter.resolve(params.diagnostics);
        }
      }
    });
    this.connection.onRequest('workspace/configuration', async (params: { items: { section?: string }[] }) => {
      this.configurationRequests++;
      await this.configurationHeld;
      const answer = params.items.map((item) => (item.section === 'competencyGuides' ? this.settings : null));
      for (const waiter of this.configurationWaiters.splice(0)) waiter();
      return answer;
    });
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onNotification('window/logMessage', (params: { message: string }) => void this.logs.push(params.message));
    this.connection.listen();
  }

  async initialize(rootPath = REPO_ROOT, initializationOptions?: unknown): Promise<unknown> {
    const result = await this.connection.sendRequest('initialize', {
      initializationOptions,
      // In this process, no watch on a parent process.
      processId: this.child ? process.pid : null,
      rootUri: fileUri(rootPath),
      workspaceFolders: [{ uri: fileUri(rootPath), name: path.basename(rootPath) }],
      capabilities: {
        workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } },
        textDocument: { publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true, versionSupport: true } },
      },
    });
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  async open(uri: string, text: string, languageId = 'competency-yaml'): Promise<void> {
    this.versions.set(uri, 1);
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  }

  async change(uri: string, changes: TextDocumentContentChangeEvent[]): Promise<number> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
    return version;
  }

  async save(uri: string): Promise<void> {
    await this.connection.sendNotification('textDocument/didSave', { textDocument: { uri } });
  }

  async close(uri: string): Promise<void> {
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  async changeSettings(settings: Record<string, unknown>): Promise<void> {
    this.settings = settings;
    await this.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  }

  /** Resolves when the server's next `workspace/configuration` request has been answered, with the settings of then. */
  configurationAnswered(): Promise<void> {
    return new Promise((resolve) => this.configurationWaiters.push(resolve));
  }

  /** Keeps the server's `workspace/configuration` requests unanswered, as a busy editor would, until released. */
  holdConfiguration(): () => void {
    let release!: () => void;
    this.configurationHeld = new Promise((resolve) => (release = resolve));
    return release;
  }

  async notify(method: string, params: unknown): Promise<void> {
    await this.connection.sendNotification(method, params);
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  /** Resolves with the first publish for `uri` (already seen or coming) whose diagnostics satisfy the predicate. */
  diagnostics(uri: string, predicate: (d: Diagnostic[]) => boolean = () => true, timeoutMs = 5000): Promise<Diagnostic[]> {
    const current = this.latest.get(uri);
    if (current && predicate(current.diagnostics)) return Promise.resolve(current.diagnostics);
    if (this.exited) return Promise.reject(new Error(this.exited));
    return new Promise((resolve, reject) => {
      const waiter = { uri, predicate, resolve: (d: Diagnostic[]) => (clearTimeout(timer), resolve(d)), reject: (error: Error) => (clearTimeout(timer), reject(error)) };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        const last = this.latest.get(uri);
        reject(new Error(`No matching diagnostics for ${uri} within ${timeoutMs} ms; last: ${JSON.stringify(last?.diagnostics ?? null)}`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** Resolves once every one of `uris` has been published at index `from` of `published` or later. */
  publishedSince(from: number, uris: readonly string[], timeoutMs = 10_000): Promise<void> {
    const done = () => {
      const seen = new Set(this.published.slice(from).map((p) => p.uri));
      return uris.every((uri) => seen.has(uri));
    };
    if (done()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.historyWaiters.delete(waiter);
        reject(new Error(`Not every file was published within ${timeoutMs} ms`));
      }, timeoutMs);
      const waiter = () => {
        if (!done()) return false;
        clearTimeout(timer);
        resolve();
        return true;
      };
      this.historyWaiters.add(waiter);
    });
  }

  /** The diagnostics of the next publish for `uri` at `version` (or later). */
  nextPublish(uri: string, version: number, timeoutMs = 5000): Promise<Diagnostic[]> {
    const current = this.latest.get(uri);
    if (current && (current.version ?? 0) >= version) return Promise.resolve(current.diagnostics);
    return this.diagnostics(uri, () => (this.latest.get(uri)?.version ?? 0) >= version, timeoutMs);
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  async dispose(): Promise<void> {
    this.disposing = true;
    if (this.exited) return;
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 1000))]);
      // `exit` ends the process the server runs in: only a server of its own.
      if (this.child) {
        await this.connection.sendNotification('exit');
        // Ended as an editor ends it, so its exit handlers run; killed below if it does not go.
        await Promise.race([this.childExit, new Promise((r) => setTimeout(r, 2000))]);
      }
    } catch {
      // The server may already be gone; killing it below is enough.
    }
    this.connection.dispose();
    this.child?.kill();
  }
}
