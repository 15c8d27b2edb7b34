import { readFileSync, statSync } from 'node:fs';
import { createRequire, wrap } from 'node:module';
import * as path from 'node:path';
import { Script } from 'node:vm';
import { fnv1a } from '../core/text/fnv1a';
import { removeStale, writeWhole } from './cacheFiles';
import { optionValue } from './commandLine';

/**
 * What happened to the code cache of one start: `off` (no cache folder given: plain `require`), `created` (none
 * yet, or one for another build: one is written once the process has warmed up), `accepted` (V8 took it), or
 * `rejected` (V8 refused it, for instance after an engine update: it is replaced).
 */
export type CodeCacheStatus = 'off' | 'created' | 'accepted' | 'rejected';

export interface CodeCacheOptions {
  /** Where cache files go; one per bundle, build, Node.js version and set of V8 flags. */
  folder: string | undefined;
  /**
   * How long after start the cache is written. V8 compiles a function when it first runs, and the cache holds what
   * was compiled by then, so it is written once the first files have been checked, not at start. Not needed with
   * `writeWhen`.
   */
  writeAfterMs?: number;
  /**
   * Instead of the timer: calls `write` once the code is warm, for a process that knows better when that is (a
   * worker thread, after its first checks).
   */
  writeWhen?: (write: () => void) => void;
  /** Called when the cache file has been written (or could not be): for tests. */
  onWritten?: (error?: unknown) => void;
}

/**
 * Runs a CommonJS bundle as `require` would, compiled through V8's code cache kept in `options.folder`. A language
 * server spends a good part of its start-up compiling: the bundle's top level, then the parser, schema and rules as
 * the first file is checked. With the bytecode of the previous start taken from the cache, the first diagnostics
 * come sooner. The cache is only an optimisation: a missing, stale or unreadable one costs a normal start.
 */
export function runWithCodeCache(file: string, options: CodeCacheOptions): CodeCacheStatus {
  if (!options.folder) {
    require(file);
    return 'off';
  }
  const source = readFileSync(file, 'utf8');
  const cacheFile = path.join(options.folder, cacheName(file));
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new Script(wrap(source), { filename: file, cachedData });
  const status: CodeCacheStatus = !cachedData ? 'created' : script.cachedDataRejected ? 'rejected' : 'accepted';
  if (status !== 'accepted') {
    const folder = options.folder;
    const write = () => {
      try {
        writeWhole(cacheFile, script.createCachedData());
        removeOtherBuilds(folder, path.basename(cacheFile));
        options.onWritten?.();
      } catch (error) {
        options.onWritten?.(error);
      }
    };
    if (options.writeWhen) options.writeWhen(write);
    else setTimeout(write, options.writeAfterMs ?? 0).unref();
  }
  const module = { exports: {} as unknown, filename: file, id: file, loaded: false };
  const run = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: unknown, filename: string, dirname: string) => void;
  run.call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file));
  module.loaded = true;
  return status;
}

/**
 * V8 checks a cache's engine version and flags, but knows a source only by its length: the name carries the
 * bundle's size and modification time, so another build never gets this one's bytecode. The flags are in the name
 * too, so a debugging session (`--nolazy`) and a normal one keep a cache each instead of replacing each other's.
 */
export function cacheName(file: string): string {
  const { size, mtimeMs } = statSync(file);
  const flags = fnv1a(process.execArgv.join(' ')).toString(36);
  return `${path.basename(file, '.js')}-${size}-${Math.floor(mtimeMs)}-${process.version}-${process.arch}-${flags}.v8cache`;
}

/**
 * Every update of the extension brings a new build, whose cache is a new file: the caches of other builds of the
 * same bundle will never be read again. Those of this build with other flags (a debugging session's) stay.
 */
function removeOtherBuilds(folder: string, current: string): void {
  const build = current.slice(0, current.lastIndexOf('-') + 1);
  const bundle = current.slice(0, current.indexOf('-') + 1);
  removeStale(folder, (name) => name.startsWith(bundle) && name.endsWith('.v8cache') && !name.startsWith(build));
}

/** The value of `--code-cache=<folder>` among the process's arguments. */
export function codeCacheFolder(argv: readonly string[]): string | undefined {
  return optionValue(argv, 'code-cache');
}
