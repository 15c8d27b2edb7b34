import { mkdirSync, readdirSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

/**
 * What the server's caches (codeCache.ts, indexCache.ts) share: a file written whole, and the files of other builds
 * removed. Another server may start while one writes, so a cache file is never seen half written.
 */

/** Writes `bytes` to `file` (making its folder) aside and renames it into place; on failure, leaves nothing behind and throws. */
export function writeWhole(file: string, bytes: Uint8Array): void {
  const partial = `${file}.${process.pid}.partial`;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(partial, bytes);
    renameSync(partial, file);
  } catch (error) {
    removeQuietly(partial);
    throw error;
  }
}

/** Removes the files of `folder` that `stale` picks by name: caches no later start will read. */
export function removeStale(folder: string, stale: (name: string) => boolean): void {
  for (const name of readdirSync(folder)) if (!name.endsWith('.partial') && stale(name)) removeQuietly(path.join(folder, name));
}

function removeQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // Never written, or another start removed it first.
  }
}
