// Runs the extension-host suite in desktop VS Code through @vscode/test-electron, the way CI with internet access
// does: it downloads VS Code (cached under the e2e cache folder), then opens a copy of test/vscode/fixtures with
// the repository as the extension under development. On Linux without a display, run it under `xvfb-run -a`.
//   node test/vscode/runElectron.mjs [--no-build]
// Without access to update.code.visualstudio.com it stops at the download; `npm run test:e2e` runs the same suite
// in code-server instead.
import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runTests, TestRunFailedError } from '@vscode/test-electron';
import { cacheDir } from '../e2e/setup.mjs';
import { buildHostSuite, repo } from './build.mjs';

const OFFLINE = /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|getaddrinfo|socket hang up/i;

async function main() {
  if (!process.argv.includes('--no-build')) {
    const build = spawnSync('npm', ['run', 'build'], { cwd: repo, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('`npm run build` failed');
  }
  const testsEntry = await buildHostSuite();
  const workspace = await mkdtemp(path.join(os.tmpdir(), 'competency-guides-electron-'));
  await cp(path.join(repo, 'test', 'vscode', 'fixtures'), workspace, { recursive: true });
  try {
    return await runTests({
      version: process.env.VSCODE_TEST_VERSION || 'stable',
      cachePath: path.join(cacheDir(), 'vscode-test'),
      extensionDevelopmentPath: repo,
      extensionTestsPath: testsEntry,
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
    });
  } finally {
    await rm(workspace, { recursive: true, force: true });
  }
}

try {
  process.exitCode = await main();
} catch (error) {
  const message = String(error?.message ?? error);
  if (error instanceof TestRunFailedError) {
    console.error(`The extension-host tests failed in VS Code (${error.signal ?? `exit code ${error.code}`}).`);
  } else if (OFFLINE.test(message) || OFFLINE.test(String(error?.code ?? ''))) {
    console.error(
      `Could not download VS Code for the tests: ${message}\n` +
        '@vscode/test-electron needs access to update.code.visualstudio.com. Without it, run `npm run test:e2e`, ' +
        'which runs the same suite in code-server.',
    );
  } else {
    console.error(`Could not run the extension-host tests in VS Code: ${error?.stack ?? message}`);
  }
  process.exitCode = 1;
}
