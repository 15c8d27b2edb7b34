// Runs node:test on every *.test.ts under the given folders (Node 20's --test takes no globs), with tsx for TypeScript.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';

function collect(dir) {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) return collect(full);
      return /\.test\.(ts|mjs)$/.test(name) ? [full] : [];
    });
}

const folders = process.argv.slice(2);
const files = folders.flatMap(collect);
if (!files.length) {
  console.error(`No test files under ${folders.join(', ')}`);
  process.exit(1);
}
// A test that hangs fails after three minutes, with its name, rather than holding the whole run.
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-timeout=180000', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
