import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { CliError } from './lintFiles';

const BANK_FILES = '**/*.{competency,guide}.{yaml,yml}';
const IGNORED = ['**/node_modules/**', '**/.git/**'];

/** Expands the paths and globs of the command line into bank files, sorted, each once. */
export async function findFiles(patterns: readonly string[], cwd: string): Promise<{ path: string; absolutePath: string }[]> {
  const found = new Set<string>();
  // With no patterns, the current folder is searched and finding nothing is fine.
  for (const pattern of patterns.length ? patterns : ['.']) {
    const before = found.size;
    if (isDynamicPattern(pattern)) {
      for (const file of await glob(pattern, { cwd, absolute: true, ignore: IGNORED, dot: true })) {
        if (/\.(competency|guide)\.ya?ml$/i.test(file)) found.add(path.resolve(file));
      }
    } else {
      const absolute = path.resolve(cwd, pattern);
      const info = await stat(absolute).catch(() => undefined);
      if (!info) throw new CliError(`No such file or folder: ${pattern}`);
      if (info.isDirectory()) {
        for (const file of await glob(BANK_FILES, { cwd: absolute, absolute: true, ignore: IGNORED, dot: true })) found.add(path.resolve(file));
      } else if (/\.(competency|guide)\.ya?ml$/i.test(absolute)) {
        found.add(absolute);
      } else {
        throw new CliError(`${pattern} is not a competency or guide file (*.competency.yaml or *.guide.yaml)`);
      }
    }
    if (found.size === before && patterns.length) throw new CliError(`No competency or guide files match ${pattern}`);
  }
  return [...found].sort().map((absolutePath) => ({ path: displayPath(absolutePath, cwd), absolutePath }));
}

function displayPath(absolutePath: string, cwd: string): string {
  const relative = path.relative(cwd, absolutePath);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative.split(path.sep).join('/') : absolutePath;
}
