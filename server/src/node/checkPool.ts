import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { LintConfig } from '../core/config';
import type { FileKind } from '../core/fileKind';
import { checkFile, type CheckedFile } from '../core/workspace/workspaceChecker';
import type { CheckJob } from './checkWorker';
import type { CheckWorkerLaunch } from './checkWorkerLaunch';

const AHEAD = 4;

interface Task {
  job: CheckJob;
  resolve(checked: CheckedFile): void;
  reject(error: unknown): void;
}

/**
 * Whole-file checks on worker threads: reading a workspace of a thousand files is mostly parsing, which is
 * independent per file. Results are the same as checking in this thread (the same pure function);
 * a worker that fails or cannot start leaves its jobs to this thread.
 */
export class CheckPool {
  private readonly workers: Worker[] = [];
  /** Jobs sent to each worker and not yet answered. */
  private readonly inFlight = new Map<Worker, Set<number>>();
  private readonly queue: Task[] = [];
  private readonly pending = new Map<number, Task>();
  private nextId = 0;
  private localTurn: NodeJS.Immediate | undefined;
  /** How many checks were answered by workers and by this thread (for tests and the benchmark). */
  readonly answered = { inWorkers: 0, here: 0 };

  /**
   * `script` is the bundled worker (dist/checkWorker.js); a thread per core. This thread keeps the index, answers
   * requests and publishes while they parse, and checks files itself only when no worker is left. With a code cache
   * folder (the server's, see codeCache.ts), the workers run from V8's compiled code as the server does: each would
   * otherwise compile the parser, the schema and the rules again while checking its first files.
   */
  constructor(script = path.join(__dirname, 'checkWorker.js'), threads = Math.min(4, availableParallelism()), codeCache?: string) {
    const launcher = path.join(path.dirname(script), 'checkWorkerLaunch.js');
    const launch = codeCache !== undefined && existsSync(launcher);
    // Run from source (tests), there is no bundled worker: everything is checked in this thread.
    for (let i = 0; existsSync(script) && i < threads; i++) {
      let worker: Worker;
      try {
        // Like the server's own heap (common/serverProcess.ts): a small young generation keeps the peak low.
        const resourceLimits = { maxYoungGenerationSizeMb: 12 };
        // The workers run the same code: one of them writes the cache.
        const workerData = launch ? ({ script, folder: codeCache, writeCache: i === 0 } satisfies CheckWorkerLaunch) : undefined;
        worker = new Worker(launch ? launcher : script, { workerData, resourceLimits });
      } catch {
        break;
      }
      worker.on('message', (message: { id: number; checked?: Omit<CheckedFile, 'text'>; error?: string }) => this.finished(worker, message));
      worker.on('error', () => this.retire(worker));
      worker.on('exit', () => this.retire(worker));
      this.workers.push(worker);
      this.inFlight.set(worker, new Set());
    }
  }

  check(uri: string, kind: FileKind, text: string, config: LintConfig): Promise<CheckedFile> {
    return new Promise((resolve, reject) => {
      this.queue.push({ job: { id: this.nextId++, uri, kind, text, config }, resolve, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    const workers = this.workers.splice(0);
    this.inFlight.clear();
    await Promise.all(workers.map((worker) => worker.terminate()));
    for (const task of this.pending.values()) this.queue.push(task);
    this.pending.clear();
    this.dispatch();
  }

  private dispatch(): void {
    // A few jobs ahead per worker: it starts the next while this thread is busy and has not read its answer yet.
    for (const worker of this.workers) {
      const jobs = this.inFlight.get(worker)!;
      while (this.queue.length && jobs.size < AHEAD) {
        const task = this.queue.shift()!;
        this.pending.set(task.job.id, task);
        jobs.add(task.job.id);
        worker.postMessage(task.job);
      }
    }
    // Without workers (none could start, or all died) this thread does the checks, one per turn of the event loop, so
    // requests still get answers.
    if (this.queue.length && !this.localTurn && !this.workers.length) {
      this.localTurn = setImmediate(() => {
        this.localTurn = undefined;
        const task = this.queue.shift();
        if (task) {
          this.answered.here++;
          try {
            task.resolve(checkFile(task.job.uri, task.job.kind, task.job.text, { lint: true, config: task.job.config }));
          } catch (error) {
            task.reject(error);
          }
        }
        this.dispatch();
      });
    }
  }

  private finished(worker: Worker, message: { id: number; checked?: Omit<CheckedFile, 'text'>; error?: string }): void {
    const task = this.pending.get(message.id);
    this.pending.delete(message.id);
    this.inFlight.get(worker)?.delete(message.id);
    if (task) {
      if (message.checked) {
        this.answered.inWorkers++;
        task.resolve({ ...message.checked, text: task.job.text });
      }
      // A check that threw there is done here, where the same error is handled as for any other file.
      else this.queue.unshift(task);
    }
    this.dispatch();
  }

  private retire(worker: Worker): void {
    const index = this.workers.indexOf(worker);
    if (index === -1) return;
    this.workers.splice(index, 1);
    for (const job of this.inFlight.get(worker) ?? []) {
      const task = this.pending.get(job);
      this.pending.delete(job);
      if (task) this.queue.unshift(task);
    }
    this.inFlight.delete(worker);
    this.dispatch();
  }
}
