// The README's commands work on a fresh clone: install the locked dependencies first when they are missing.
// Uses only Node's own modules, since it runs before anything is installed.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function ensureDependencies() {
  const marker = path.join(root, 'node_modules', '.package-lock.json');
  const lock = path.join(root, 'package-lock.json');
  if (existsSync(marker) && sameDependencies(marker, lock)) return;
  console.log('Installing dependencies (npm ci)...');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('npm ci failed; see the output above.');
    process.exit(1);
  }
}

/** npm's own record of what it installed lists the same packages as the lockfile. */
function sameDependencies(marker, lock) {
  try {
    const installed = Object.keys(JSON.parse(readFileSync(marker, 'utf8')).packages ?? {});
    // Optional packages are other platforms' binaries: npm skips them here.
    const locked = Object.entries(JSON.parse(readFileSync(lock, 'utf8')).packages ?? {})
      .filter(([key, info]) => key !== '' && !info.optional)
      .map(([key]) => key);
    const have = new Set(installed);
    return locked.every((key) => have.has(key));
  } catch {
    return false;
  }
}
