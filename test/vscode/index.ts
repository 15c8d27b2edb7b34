// Entry point the extension host loads as `extensionTestsPath`: runs the compiled suites next to this file with
// mocha's TDD interface, under either launcher (test/e2e/hostTests.mjs or test/vscode/runElectron.mjs).
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID } from './suite/helpers';

export async function run(): Promise<void> {
  await startupTimed();
  const { default: Mocha } = await import('mocha');
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 30_000 });
  const suites = path.join(__dirname, 'suite');
  for (const file of fs.readdirSync(suites).filter((name) => name.endsWith('.test.js')).sort()) {
    mocha.addFile(path.join(suites, file));
  }
  return new Promise((resolve, reject) => {
    mocha.run((failures) => {
      if (failures > 0) reject(new Error(`${failures} test${failures === 1 ? '' : 's'} failed.`));
      else resolve();
    });
  });
}

/**
 * VS Code loads this module as soon as the extensions activated at start-up have activated, which is while our
 * language server sends its first diagnostics. Loading mocha and the suites keeps the extension host busy for tens of
 * milliseconds then, and the extension's start-up figures would count a test runner that no user's VS Code loads.
 * So they are loaded once the extension has timed its start-up; the suite checks those timings itself.
 */
async function startupTimed(): Promise<void> {
  const extension = vscode.extensions.getExtension<{ startup?: Promise<unknown> } | undefined>(EXTENSION_ID);
  const startup = extension?.isActive ? extension.exports?.startup : undefined;
  if (!startup) return;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, 20_000)));
  await Promise.race([startup.then(() => undefined, () => undefined), deadline]).finally(() => clearTimeout(timer));
}
