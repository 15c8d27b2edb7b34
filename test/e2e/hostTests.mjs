// Runs the extension-host mocha suite (test/vscode) inside code-server, against the unzipped packaged extension:
// the workbench loads it as the extension under development and runs out/test/vscode/index.js, then reports
// mocha's exit code through the smoke-test driver's `codeAutomationExit`.
//   node test/e2e/hostTests.mjs [--extension-dir DIR]   (DIR = the `extension/` folder of the unzipped .vsix;
//                                                      without it, competency-guides.vsix is unzipped here)
import { execFileSync } from 'node:child_process';
import { format } from 'node:util';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildHostSuite } from '../vscode/build.mjs';
import { startCodeServer } from './codeServer.mjs';
import { ensureE2EEnvironment } from './setup.mjs';
import { launchBrowser } from './workbench.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const fixtures = path.join(repo, 'test', 'vscode', 'fixtures');

/** Unzips a .vsix into a new temporary folder and returns the folder holding its `extension/`. */
export async function unzipVsix(vsix, unzip = 'unzip') {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'competency-guides-vsix-'));
  execFileSync(unzip, ['-q', vsix, 'extension/*', '-d', folder]);
  return folder;
}

// The workbench logs with CSS styling: ['%c INFO', 'color: #33f', format, ...args]. Forwarded extension-host
// lines (mocha's reporter among them) keep their own printf-style format and arguments.
async function plain(message) {
  const args = await Promise.all(message.args().map((arg) => arg.jsonValue().catch(() => String(arg))));
  if (args.length === 0) return message.text();
  if (typeof args[0] === 'string' && /^%c\s*(INFO|WARN|ERR|DEBUG|TRACE)\b/.test(args[0])) {
    const level = args[0].replace('%c', '').trim();
    const rest = args.slice(2);
    const text = rest.length > 0 ? format(...rest) : '';
    return level === 'INFO' ? text : `${level} ${text}`;
  }
  return format(...args);
}

/**
 * @returns {Promise<{exitCode: number, passing: number, failing: number}>}
 */
export async function runHostTests({ environment, extensionDir, timeoutMs = 180_000, log = console.log }) {
  const started = Date.now();
  await buildHostSuite();
  const testsEntry = path.join(repo, 'out', 'test', 'vscode', 'index.js');
  const workspace = await mkdtemp(path.join(os.tmpdir(), 'competency-guides-host-'));
  await cp(fixtures, workspace, { recursive: true });
  let server;
  let browser;
  const counts = { passing: 0, failing: 0 };
  try {
    server = await startCodeServer({ environment, smokeTestDriver: true, log: (line) => log(`[code-server] ${line}`) });
    browser = await launchBrowser(environment.chromium);
    const page = await browser.newPage();
    let exit;
    const exited = new Promise((resolve) => (exit = resolve));
    await page.exposeFunction('codeAutomationExit', (code) => exit(Number(code)));
    // Console messages are formatted asynchronously; chain them so they print in order.
    let printed = Promise.resolve();
    page.on('console', (message) => {
      printed = printed.then(async () => {
        const text = await plain(message);
        const summary = /^\s*(\d+) (passing|failing)\b/m.exec(text);
        if (summary) counts[summary[2]] = Number(summary[1]);
        // Offline noise from the workbench itself (gallery, GitHub sign-in) carries long stacks into its
        // minified bundle; the first line says enough.
        const lines = text.split('\n').filter((line) => !/^\s+at .*\/static\/out\/vs\//.test(line));
        for (const line of lines) log(`[host] ${line}`);
      });
    });
    page.on('pageerror', (error) => log(`[page error] ${error.message}`));
    const payload = [
      ['extensionDevelopmentPath', server.remoteUri(extensionDir)],
      ['extensionTestsPath', server.remoteUri(testsEntry)],
      ['skipWelcome', 'true'],
    ];
    await page.goto(server.folderUrl(workspace, { payload: JSON.stringify(payload) }));
    let timer;
    const exitCode = await Promise.race([
      exited,
      server.exited.then((code) => {
        throw new Error(`code-server exited (${code}) before the tests finished`);
      }),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`the host tests did not finish within ${timeoutMs / 1000} s`)), timeoutMs);
      }),
    ]).finally(() => clearTimeout(timer));
    await printed;
    log(`host suite finished with exit code ${exitCode} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return { exitCode, ...counts };
  } finally {
    await browser?.close();
    await server?.stop();
    await rm(workspace, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const at = process.argv.indexOf('--extension-dir');
  let unzipped;
  try {
    const environment = await ensureE2EEnvironment();
    let extensionDir = at > 0 ? path.resolve(process.argv[at + 1]) : undefined;
    if (!extensionDir) {
      const vsix = path.resolve(process.env.COMPETENCY_GUIDES_VSIX ?? path.join(repo, 'competency-guides.vsix'));
      if (!existsSync(vsix)) throw new Error(`${vsix} is missing: run \`npm run package\` first`);
      unzipped = await unzipVsix(vsix, environment.unzip);
      extensionDir = path.join(unzipped, 'extension');
    }
    const { exitCode } = await runHostTests({ environment, extensionDir });
    process.exitCode = exitCode;
  } catch (error) {
    console.error(`host tests failed to run: ${error.stack ?? error}`);
    process.exitCode = 1;
  } finally {
    if (unzipped) await rm(unzipped, { recursive: true, force: true });
  }
}
