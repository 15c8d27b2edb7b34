import { parentPort } from 'node:worker_threads';
import type { LintConfig } from '../core/config';
import type { FileKind } from '../core/fileKind';
import { checkFile } from '../core/workspace/workspaceChecker';

/** One whole-file check, as the main thread asks for it. */
export interface CheckJob {
  id: number;
  uri: string;
  kind: FileKind;
  text: string;
  config: LintConfig;
}

// V8's flags belong to the process: the main thread has set them (regexpFlags) before starting this worker, and
// setting them again here, while that thread runs, is not safe.
parentPort?.on('message', (job: CheckJob) => {
  try {
    // The text stays behind: the main thread has it, and copying it back costs the worker time.
    const { text: _text, ...checked } = checkFile(job.uri, job.kind, job.text, { lint: true, config: job.config });
    parentPort!.postMessage({ id: job.id, checked });
  } catch (error) {
    parentPort!.postMessage({ id: job.id, error: error instanceof Error ? error.message : String(error) });
  }
});
