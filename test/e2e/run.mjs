// `npm run test:e2e`: the packaged extension in a real VS Code (code-server in chromium).
//   1. installs what is missing (setup.mjs), 2. packages competency-guides.vsix (skip with --no-package),
//   3. runs the browser checks (ui.test.mjs, under `node --test`), 4. runs the extension-host mocha suite
//   against the unzipped package (hostTests.mjs). Exits non-zero when anything fails.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runHostTests, unzipVsix } from './hostTests.mjs';
import { ensureE2EEnvironment } from './setup.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
const vsix = path.join(repo, 'competency-guides.vsix');
const screenshots = path.join(repo, 'test-results', 'e2e-screenshots');

const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

function run(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: repo, stdio: 'inherit', ...options });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

async function main() {
  const started = Date.now();
  const timings = [];
  const results = [];
  let step = Date.now();
  const environment = await ensureE2EEnvironment();
  timings.push(`setup ${seconds(step)}`);

  if (!process.argv.includes('--no-package')) {
    step = Date.now();
    if ((await run('npm', ['run', 'package'])) !== 0) throw new Error('`npm run package` failed');
    timings.push(`package ${seconds(step)}`);
  }
  if (!existsSync(vsix)) throw new Error(`${vsix} is missing: run \`npm run package\` (or drop --no-package)`);
  const unzipped = await unzipVsix(vsix, environment.unzip);
  const work = await mkdtemp(path.join(os.tmpdir(), 'competency-guides-e2e-run-'));
  try {
    step = Date.now();
    // Every browser test file, one after another (each starts its own code-server): two cores are not enough for two.
    const files = (await readdir(here)).filter((name) => name.endsWith('.test.mjs')).sort();
    console.log(`\n== browser checks (${files.map((f) => `test/e2e/${f}`).join(', ')})`);
    const tap = path.join(work, 'ui.tap');
    const uiCode = await run(
      process.execPath,
      [
        '--test',
        '--test-reporter=spec',
        '--test-reporter-destination=stdout',
        '--test-reporter=tap',
        `--test-reporter-destination=${tap}`,
        '--test-concurrency=1',
        ...files.map((name) => path.join(here, name)),
      ],
      { env: { ...process.env, COMPETENCY_GUIDES_VSIX: vsix, COMPETENCY_GUIDES_SCREENSHOTS: screenshots } },
    );
    const report = await readFile(tap, 'utf8').catch(() => '');
    const count = (name) => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(report)?.[1] ?? 0);
    const ui = { passed: count('pass'), failed: count('fail') + count('cancelled') };
    if (uiCode !== 0 && ui.failed === 0) ui.failed = 1; // the file itself failed to run
    results.push({ name: 'browser checks', ...ui });
    timings.push(`browser checks ${seconds(step)}`);

    step = Date.now();
    console.log('\n== extension-host suite (test/vscode, in code-server)');
    let host;
    let later = { passed: 0, failed: 0 };
    try {
      const { exitCode, passing, failing, laterStarts } = await runHostTests({ environment, extensionDir: path.join(unzipped, 'extension') });
      host = { passed: passing, failed: exitCode !== 0 && failing === 0 ? 1 : failing };
      later = laterStarts;
    } catch (error) {
      console.error(`the extension-host suite did not run: ${error.stack ?? error}`);
      host = { passed: 0, failed: 1 };
    }
    results.push({ name: 'extension-host suite', ...host });
    results.push({ name: 'later starts timed', ...later });
    timings.push(`extension-host suite ${seconds(step)}`);
  } finally {
    await rm(unzipped, { recursive: true, force: true });
    await rm(work, { recursive: true, force: true });
  }

  const passed = results.reduce((sum, r) => sum + r.passed, 0);
  const failed = results.reduce((sum, r) => sum + r.failed, 0);
  console.log('');
  for (const r of results) console.log(`${r.name}: ${r.passed} passed, ${r.failed} failed`);
  console.log(`screenshots: ${screenshots}`);
  console.log(`timings: ${timings.join(', ')}; total ${seconds(started)}`);
  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

try {
  process.exitCode = await main();
} catch (error) {
  console.error(`test:e2e: ${error.message ?? error}`);
  process.exitCode = 1;
}
