// `npm start`: package the extension and open examples/ in a VS Code that has it installed.
// With a desktop `code` on PATH, installs the .vsix there and opens the folder. Otherwise serves code-server on
// http://127.0.0.1:${PORT:-8080} (no password, loopback only) until Ctrl+C.
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCodeServer } from '../test/e2e/codeServer.mjs';
import { ensureE2EEnvironment } from '../test/e2e/setup.mjs';
import { ensureDependencies } from './ensureDependencies.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const vsix = path.join(root, 'competency-guides.vsix');
const examples = path.join(root, 'examples');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function onPath(command) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this folder
    }
  }
  return undefined;
}

function runOrExit(command, args, what) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`${what} failed (${result.error?.message ?? `exit ${result.status ?? result.signal}`})`);
    process.exit(1);
  }
}

ensureDependencies();
runOrExit(npm, ['run', 'package'], '`npm run package`');

const code = onPath(process.platform === 'win32' ? 'code.cmd' : 'code');
if (code) {
  runOrExit(code, ['--install-extension', vsix, '--force'], 'installing the extension into VS Code');
  runOrExit(code, [examples], 'opening VS Code');
  console.log(`Opened ${examples} in VS Code with Competency Guides installed.`);
} else {
  try {
    const environment = await ensureE2EEnvironment();
    const port = Number(process.env.PORT || 8080);
    const server = await startCodeServer({ environment, folder: examples, vsix, port });
    let stopping = false;
    const stop = async (signal) => {
      if (stopping) return;
      stopping = true;
      console.log(`\n${signal}: stopping code-server...`);
      await server.stop();
      process.exit(0);
    };
    process.on('SIGINT', () => void stop('SIGINT'));
    process.on('SIGTERM', () => void stop('SIGTERM'));
    console.log(`\nCompetency Guides in VS Code (code-server): ${server.folderUrl(examples)}`);
    console.log(`code-server log: ${server.logFile}`);
    console.log('Open the address in a browser on this machine. Press Ctrl+C to stop.');
    const status = await server.exited;
    if (!stopping) {
      console.error(`code-server exited unexpectedly (${status}); its log:\n${await server.logs()}`);
      await server.stop();
      process.exit(1);
    }
  } catch (error) {
    console.error(`npm start: ${error.message ?? error}`);
    process.exit(1);
  }
}
