// Runs the extension-host mocha suite (test/vscode) inside code-server, against the unzipped packaged extension:
// the workbench loads it as the extension under development and runs out/test/vscode/index.js, then reports
// mocha's exit code through the smoke-test driver's `codeAutomationExit`. Then it opens the workbench again on the
// same profile to time later starts (out/test/vscode/laterStart.js).
//   node test/e2e/hostTests.mjs [--extension-dir DIR]   (DIR = the `extension/` folder of the unzipped .vsix;
//                                                      without it, competency-guides.vsix is unzipped here)
import { execFileSync } from 'node:child_process';
import { format } from 'node:util';
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildHostSuite, laterStartEntry, testsEntry } from '../vscode/build.mjs';
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
 * Opens the workbench on `workspace` with `entry` as `extensionTestsPath` in a new page, forwards what the extension
 * host logs to `onLine`, and resolves with the exit code the workbench reports through `codeAutomationExit`.
 */
async function runInWorkbench({ browser, server, workspace, extensionDir, entry, timeoutMs, onLine }) {
  const page = await browser.newPage();
  try {
    let exit;
    const exited = new Promise((resolve) => (exit = resolve));
    await page.exposeFunction('codeAutomationExit', (code) => exit(Number(code)));
    // Console messages are formatted asynchronously; chain them so they print in order.
    let printed = Promise.resolve();
    page.on('console', (message) => {
      printed = printed.then(async () => {
        const text = await plain(message);
        // Offline noise from the workbench itself (gallery, GitHub sign-in) carries long stacks into its
        // minified bundle; the first line says enough.
        for (const line of text.split('\n').filter((line) => !/^\s+at .*\/static\/out\/vs\//.test(line))) onLine(line);
      });
    });
    page.on('pageerror', (error) => onLine(`[page error] ${error.message}`));
    const payload = [
      ['extensionDevelopmentPath', server.remoteUri(extensionDir)],
      ['extensionTestsPath', server.remoteUri(entry)],
      ['skipWelcome', 'true'],
    ];
    await page.goto(server.folderUrl(workspace, { payload: JSON.stringify(payload) }));
    let timer;
    const exitCode = await Promise.race([
      exited,
      server.exited.then((code) => {
        throw new Error(`code-server exited (${code}) before ${path.basename(entry)} finished`);
      }),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${path.basename(entry)} did not finish within ${timeoutMs / 1000} s`)), timeoutMs);
      }),
    ]).finally(() => clearTimeout(timer));
    await printed;
    return exitCode;
  } finally {
    await page.close();
  }
}

/** V8 code caches the language server has written under `folder` (see server/src/node/codeCache.ts). */
async function codeCaches(folder) {
  const entries = await readdir(folder, { recursive: true }).catch(() => []);
  return entries.filter((name) => name.endsWith('.v8cache'));
}

/**
 * Runs the suite in the first start of the workbench on a fresh profile, then opens the workbench again
 * `laterStarts` times on the same profile and folder, each timing the extension's start as a user's later sessions
 * start: with the code cache and the folder's kept checks the first session wrote.
 * @returns {Promise<{exitCode: number, passing: number, failing: number, laterStarts: {passed: number, failed: number}}>}
 */
export async function runHostTests({ environment, extensionDir, laterStarts = 2, timeoutMs = 180_000, log = console.log }) {
  const started = Date.now();
  await buildHostSuite();
  const workspace = await mkdtemp(path.join(os.tmpdir(), 'competency-guides-host-'));
  await cp(fixtures, workspace, { recursive: true });
  let server;
  let browser;
  const counts = { passing: 0, failing: 0 };
  const later = { passed: 0, failed: 0 };
  try {
    server = await startCodeServer({ environment, smokeTestDriver: true, log: (line) => log(`[code-server] ${line}`) });
    browser = await launchBrowser(environment.chromium);
    const open = { browser, server, workspace, extensionDir, timeoutMs };
    const exitCode = await runInWorkbench({
      ...open,
      entry: testsEntry,
      onLine(line) {
        const summary = /^\s*(\d+) (passing|failing)\b/.exec(line);
        if (summary) counts[summary[2]] = Number(summary[1]);
        log(`[host] ${line}`);
      },
    });
    log(`host suite finished with exit code ${exitCode} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    if (laterStarts > 0) {
      const caches = await codeCaches(server.userDataDir);
      if (caches.length === 0) {
        log('[later start] the first session left no code cache in the profile: no later start to time');
        later.failed++;
      } else {
        for (let run = 1; run <= laterStarts; run++) {
          // The workbench's own start-up chatter is printed only when the start could not be timed.
          const lines = [];
          const code = await runInWorkbench({
            ...open,
            entry: laterStartEntry,
            onLine(line) {
              lines.push(line);
              if (line.startsWith('start-up in VS Code')) log(`[later start ${run}] ${line}`);
            },
          });
          if (code === 0) later.passed++;
          else {
            later.failed++;
            for (const line of lines) log(`[later start ${run}] ${line}`);
          }
        }
      }
    }
    return { exitCode, ...counts, laterStarts: later };
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
    const { exitCode, laterStarts } = await runHostTests({ environment, extensionDir });
    process.exitCode = exitCode !== 0 || laterStarts.failed > 0 ? 1 : 0;
  } catch (error) {
    console.error(`host tests failed to run: ${error.stack ?? error}`);
    process.exitCode = 1;
  } finally {
    if (unzipped) await rm(unzipped, { recursive: true, force: true });
  }
}
