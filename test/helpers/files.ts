import { readdirSync, watch } from 'node:fs';

/**
 * Resolves with the name of the first file of `folder` that `finished` accepts, as soon as there is one: what a test
 * waits for when a server writes a file on its own and nothing announces it. Rejects after `timeoutMs`.
 */
export function fileIn(folder: string, finished: (name: string) => boolean, what: string, timeoutMs = 30_000): Promise<string> {
  const found = () => readdirSync(folder).find(finished);
  return new Promise((resolve, reject) => {
    const watcher = watch(folder, () => {
      const name = found();
      if (name) done(name);
    });
    const timer = setTimeout(() => done(undefined), timeoutMs);
    const done = (name: string | undefined) => {
      clearTimeout(timer);
      watcher.close();
      if (name) resolve(name);
      else reject(new Error(`no ${what} was written in ${folder} within ${timeoutMs / 1000} s`));
    };
    const already = found();
    if (already) done(already);
  });
}
