// `npm test`: everything CI checks, in the order that fails fastest. Each step prints its own results.
import { spawnSync } from 'node:child_process';
import { ensureDependencies } from './ensureDependencies.mjs';

ensureDependencies();

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const steps = [
  ['type-check', npm, ['run', '--silent', 'typecheck']],
  ['generated files are current', process.execPath, ['--import', 'tsx', 'scripts/generate.ts', '--check']],
  ['build', npm, ['run', '--silent', 'build']],
  ['unit and server tests', process.execPath, ['scripts/run-node-tests.mjs', 'test/unit', 'test/server', 'test/cli', 'test/fuzz']],
  ['real VS Code tests', process.execPath, ['test/e2e/run.mjs']],
];

const only = process.argv.includes('--no-e2e') ? steps.slice(0, -1) : steps;
for (const [name, command, args] of only) {
  console.log(`\n=== ${name} ===`);
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: 'inherit' });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    console.error(`\n${name} failed (exit ${result.status ?? result.signal}) after ${seconds} s`);
    process.exit(1);
  }
  console.log(`${name}: ok (${seconds} s)`);
}
