// An LSP client over stdio for the benchmark: starts a server process, answers what it asks the client
// (configuration, registrations), keeps every publishDiagnostics with its arrival time, and reads the process's
// memory from /proc. It does what an editor does and nothing more, so both servers are driven the same way.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { Diagnostic, PublishDiagnosticsParams, TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol';

export interface ServerCommand {
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
}

/** Answers `workspace/configuration` for one item: the section and the resource asked about. */
export type ConfigurationResponder = (section: string | undefined, scopeUri: string | undefined) => unknown;

interface Publish {
  params: PublishDiagnosticsParams;
  at: number;
}

export class TimeoutError extends Error {}

export class LspDriver {
  readonly startedAt: number;
  private readonly child: ChildProcess;
  private readonly connection: MessageConnection;
  private readonly publishes = new Map<string, Publish[]>();
  private readonly waiters = new Set<() => void>();
  private readonly versions = new Map<string, number>();
  private exited = false;
  readonly stderr: string[] = [];
  /** How many `workspace/configuration` requests were answered: the peer pulls its settings with one. */
  configurationRequests = 0;

  constructor(server: ServerCommand, private respond: ConfigurationResponder) {
    this.startedAt = performance.now();
    this.child = spawn(server.command, server.args, { stdio: ['pipe', 'pipe', 'pipe'], env: server.env ?? process.env });
    this.child.stderr!.on('data', (chunk) => this.stderr.push(String(chunk)));
    this.child.on('exit', () => {
      this.exited = true;
      this.notify();
    });
    this.connection = createMessageConnection(new StreamMessageReader(this.child.stdout!), new StreamMessageWriter(this.child.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      const at = performance.now();
      let list = this.publishes.get(params.uri);
      if (!list) this.publishes.set(params.uri, (list = []));
      list.push({ params, at });
      this.notify();
    });
    this.connection.onRequest('workspace/configuration', (params: { items: { section?: string; scopeUri?: string }[] }) => {
      this.configurationRequests++;
      this.notify();
      return params.items.map((item) => this.respond(item.section, item.scopeUri) ?? null);
    });
    // Registrations, progress tokens, code lens refreshes and anything else a server may ask: accept.
    this.connection.onRequest(() => null);
    this.connection.onNotification(() => undefined);
    this.connection.listen();
  }

  get pid(): number {
    return this.child.pid!;
  }

  setResponder(respond: ConfigurationResponder): void {
    this.respond = respond;
  }

  async initialize(rootUri: string | null, options: { name?: string; initializationOptions?: unknown; timeoutMs?: number } = {}): Promise<{ serverInfo?: { name: string; version?: string } }> {
    const name = options.name ?? 'bench';
    const initialize = this.connection.sendRequest('initialize', {
      initializationOptions: options.initializationOptions,
      processId: process.pid,
      clientInfo: { name: 'competency-guides-bench' },
      locale: 'en',
      rootUri,
      workspaceFolders: rootUri ? [{ uri: rootUri, name }] : null,
      capabilities: {
        workspace: {
          configuration: true,
          workspaceFolders: true,
          didChangeConfiguration: { dynamicRegistration: true },
        },
        textDocument: {
          synchronization: { didSave: true, dynamicRegistration: true },
          publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true, versionSupport: true },
          completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] }, contextSupport: true },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          documentSymbol: { hierarchicalDocumentSymbolSupport: true },
        },
      },
    });
    const result = await this.within(initialize, options.timeoutMs ?? 60_000, 'initialize got no response');
    await this.connection.sendNotification('initialized', {});
    return result as { serverInfo?: { name: string; version?: string } };
  }

  async didChangeConfiguration(settings: unknown): Promise<void> {
    await this.connection.sendNotification('workspace/didChangeConfiguration', { settings });
  }

  /** Sends didOpen; returns the time it was sent. */
  async open(uri: string, languageId: string, text: string): Promise<number> {
    this.versions.set(uri, 1);
    const at = performance.now();
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    return at;
  }

  /** Sends one didChange; returns the new version and the time it was sent. */
  async change(uri: string, change: TextDocumentContentChangeEvent): Promise<{ version: number; at: number }> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    const at = performance.now();
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [change] });
    return { version, at };
  }

  async close(uri: string): Promise<void> {
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /** Sends a request and times it from sending to the response. */
  async timedRequest<R>(method: string, params: unknown, timeoutMs: number): Promise<{ result: R; ms: number }> {
    const start = performance.now();
    const result = await this.within(this.connection.sendRequest(method, params) as Promise<R>, timeoutMs, `${method} got no response`);
    return { result, ms: performance.now() - start };
  }

  /** How many publishes have arrived for `uri` so far: a mark to wait for the next one from. */
  mark(uri: string): number {
    return this.publishes.get(uri)?.length ?? 0;
  }

  /**
   * The first publish for `uri` after `mark` that satisfies `accept` (by default any). Resolves with its
   * diagnostics and arrival time; rejects with TimeoutError after `timeoutMs`.
   */
  nextPublish(
    uri: string,
    mark: number,
    timeoutMs: number,
    accept: (p: PublishDiagnosticsParams) => boolean = () => true,
  ): Promise<{ diagnostics: Diagnostic[]; at: number; version?: number }> {
    return this.waitFor(
      () => {
        const list = this.publishes.get(uri) ?? [];
        for (let i = mark; i < list.length; i++) {
          if (accept(list[i].params)) return { diagnostics: list[i].params.diagnostics, at: list[i].at, version: list[i].params.version };
        }
        return undefined;
      },
      timeoutMs,
      () => `no matching diagnostics for ${uri} within ${Math.round(timeoutMs / 1000)} s`,
    );
  }

  /** Resolves when every one of `uris` has had at least one publish, with the arrival time of the last of them. */
  publishedAll(uris: readonly string[], timeoutMs: number): Promise<number> {
    const missing = () => uris.filter((uri) => !this.publishes.has(uri)).length;
    // Checked at every publish: until enough files have had one, the answer is no without looking at each. A full
    // look each time costs this process ~60 ms over a thousand files, which would count as the server's time.
    const allIn = () => this.publishes.size >= uris.length && missing() === 0;
    return this.waitFor(
      () => (allIn() ? Math.max(...uris.map((uri) => this.publishes.get(uri)![0].at)) : undefined),
      timeoutMs,
      () => `${missing()} of ${uris.length} files had no diagnostics within ${Math.round(timeoutMs / 1000)} s`,
    );
  }

  /** The latest diagnostics published for every URI. */
  latestDiagnostics(): Map<string, Diagnostic[]> {
    return new Map([...this.publishes].map(([uri, list]) => [uri, list[list.length - 1].params.diagnostics]));
  }

  waitForConfigurationRequest(count: number, timeoutMs: number): Promise<true> {
    return this.waitFor(() => (this.configurationRequests >= count ? true : undefined), timeoutMs, () => 'the server never asked for its settings');
  }

  /** Peak and current resident memory of the server process, in MB, from /proc/<pid>/status. */
  memory(): { peakMb: number; currentMb: number } {
    const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) / 1024;
    return { peakMb: field('VmHWM'), currentMb: field('VmRSS') };
  }

  async dispose(): Promise<void> {
    if (!this.exited) {
      try {
        await this.within(this.connection.sendRequest('shutdown'), 2000, 'shutdown');
        await this.connection.sendNotification('exit');
        await this.waitFor(() => (this.exited ? true : undefined), 2000, () => 'exit').catch(() => undefined);
      } catch {
        // A server still busy with a long check does not answer; it is killed below.
      }
    }
    this.connection.dispose();
    if (!this.exited) this.child.kill('SIGKILL');
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  private waitFor<T>(check: () => T | undefined, timeoutMs: number, describe: () => string): Promise<T> {
    const found = check();
    if (found !== undefined) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const waiter = () => {
        const value = check();
        if (value !== undefined) {
          finish();
          resolve(value);
        } else if (this.exited) {
          finish();
          reject(new Error(`the server exited: ${this.stderr.join('').slice(-2000)}`));
        }
      };
      const timer = setTimeout(() => {
        finish();
        reject(new TimeoutError(describe()));
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
      };
      this.waiters.add(waiter);
    });
  }

  /** `promise`, or a TimeoutError after `timeoutMs`, or an error at once if the server exits first. */
  private within<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
    return new Promise((resolve, reject) => {
      const exited = () => {
        if (!this.exited) return;
        finish();
        reject(new Error(`${what}: the server exited: ${this.stderr.join('').slice(-2000)}`));
      };
      const timer = setTimeout(() => {
        finish();
        reject(new TimeoutError(`${what} within ${Math.round(timeoutMs / 1000)} s`));
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        this.waiters.delete(exited);
      };
      this.waiters.add(exited);
      exited();
      promise.then(
        (value) => (finish(), resolve(value)),
        (error) => (finish(), reject(error)),
      );
    });
  }
}
