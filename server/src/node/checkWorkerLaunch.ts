import { parentPort, workerData } from 'node:worker_threads';
import { runWithCodeCache } from './codeCache';

/** What the check pool gives a worker it starts through this script. */
export interface CheckWorkerLaunch {
  /** The worker proper (checkWorker.js). */
  script: string;
  /** The server's code cache folder. */
  folder: string;
  /** Whether this worker writes the cache when there is none yet (one of the pool's workers does). */
  writeCache: boolean;
}

/**
 * Jobs after which a worker's code is warm: the first file compiles the parser, the schema and the rules, the next
 * few the paths that only some files take. The cache is written when the next one comes in.
 */
const WARM_JOBS = 10;

// Runs checkWorker.js from V8's code cache; see CheckPool.
const launch = workerData as CheckWorkerLaunch;
runWithCodeCache(launch.script, {
  folder: launch.folder,
  writeWhen: (write) => {
    if (!launch.writeCache || !parentPort) return;
    let jobs = 0;
    const count = () => {
      if (++jobs < WARM_JOBS) return;
      parentPort!.off('message', count);
      // Now, before the job that just came in is checked (this listener runs before the worker's own): the pool
      // ends its workers once their last answer is in, so a write put off until later might never happen.
      write();
    };
    parentPort.on('message', count);
  },
});
