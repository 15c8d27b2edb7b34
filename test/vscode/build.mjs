// Compiles the extension-host test suite (test/vscode/index.ts and suite/*.test.ts) and the later-start entry
// (laterStart.ts) into out/test/vscode/.
// VS Code provides `vscode`; mocha is loaded from node_modules at run time, as the extension host requires it.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repo = path.resolve(here, '..', '..');
export const outDir = path.join(repo, 'out', 'test', 'vscode');
/** The file to pass as `extensionTestsPath`. */
export const testsEntry = path.join(outDir, 'index.js');
/** The one for a later start on the same profile (laterStart.ts): it times the start and runs no suite. */
export const laterStartEntry = path.join(outDir, 'laterStart.js');

export async function buildHostSuite() {
  const suites = readdirSync(path.join(here, 'suite'))
    .filter((name) => name.endsWith('.test.ts'))
    .map((name) => path.join(here, 'suite', name));
  await esbuild.build({
    entryPoints: [path.join(here, 'index.ts'), path.join(here, 'laterStart.ts'), ...suites],
    outbase: here,
    outdir: outDir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  return testsEntry;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  console.log(`built ${path.relative(repo, await buildHostSuite())}`);
}
