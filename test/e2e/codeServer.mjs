// Starts code-server (a real VS Code served to a browser) on loopback, with throw-away settings and extensions.
import { spawn } from 'node:child_process';
import { createWriteStream, rmSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const HOST = '127.0.0.1';

/** Settings that keep the workbench quiet and offline: no welcome page, telemetry, updates or experiments. */
export const BASE_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.tips.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'files.autoSave': 'off',
  'chat.disableAIFeatures': true,
};

export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, HOST, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Rejects when something already listens on `port` (its /healthz could pass for ours). */
export async function assertPortFree(port) {
  await new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', (error) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`port ${port} on ${HOST} is already in use; choose another with PORT=...`)
          : error,
      ),
    );
    server.listen(port, HOST, () => server.close(resolve));
  });
}

/** Polls `condition` until it returns a truthy value; rejects with `message` after `timeoutMs`. */
export async function waitUntil(condition, { timeoutMs = 30_000, intervalMs = 100, message = 'condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  for (;;) {
    try {
      const value = await condition();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${message}${lastError ? ` (${lastError.message})` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

function runToEnd(command, args, options, what) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) resolve(output);
      else reject(new Error(`${what} failed (exit ${code}):\n${output}`));
    });
  });
}

async function healthy(url) {
  const response = await fetch(new URL('/healthz', url), { signal: AbortSignal.timeout(2_000) });
  return response.ok;
}

/**
 * Starts code-server on 127.0.0.1 in its own process group.
 * @param {object} options
 * @param {{node24: string, codeServerBin: string}} options.environment from ensureE2EEnvironment()
 * @param {string} [options.folder] folder to open when the URL has no `?folder=`
 * @param {string} [options.vsix] installed with `--install-extension --force` before the server starts
 * @param {Record<string, unknown>} [options.settings] user settings on top of BASE_SETTINGS
 * @param {boolean} [options.smokeTestDriver] lets the workbench honour extensionDevelopmentPath/extensionTestsPath
 * @param {number} [options.port] defaults to a free port
 * @param {(line: string) => void} [options.log]
 */
export async function startCodeServer({
  environment,
  folder,
  vsix,
  settings = {},
  smokeTestDriver = false,
  port,
  log = (line) => console.log(`[code-server] ${line}`),
}) {
  const root = await mkdtemp(path.join(os.tmpdir(), 'competency-guides-code-server-'));
  const userDataDir = path.join(root, 'user-data');
  const extensionsDir = path.join(root, 'extensions');
  const logFile = path.join(root, 'code-server.log');
  await mkdir(path.join(userDataDir, 'User'), { recursive: true });
  await mkdir(extensionsDir, { recursive: true });
  await writeFile(
    path.join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({ ...BASE_SETTINGS, ...settings }, null, 2),
  );
  // XDG folders keep code-server's own config.yaml and state out of $HOME.
  const env = {
    ...process.env,
    XDG_CONFIG_HOME: path.join(root, 'config'),
    XDG_DATA_HOME: path.join(root, 'data'),
    XDG_CACHE_HOME: path.join(root, 'cache'),
  };
  delete env.VSCODE_IPC_HOOK_CLI;
  const common = ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
  let child;
  let stopped = false;
  const killGroup = (signal) => {
    try {
      process.kill(-child.pid, signal);
      return true;
    } catch {
      return false;
    }
  };
  // A test runner that dies on an uncaught error still must not leave the server, its watchers or its folder behind.
  const onExit = () => {
    if (child) killGroup('SIGKILL');
    rmSync(root, { recursive: true, force: true });
  };

  const stop = async () => {
    if (stopped) return;
    stopped = true;
    process.off('exit', onExit);
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      killGroup('SIGTERM');
      const timer = setTimeout(() => killGroup('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    // Children of the group may outlive the leader; make sure none survives.
    killGroup('SIGKILL');
    await rm(root, { recursive: true, force: true, maxRetries: 3 });
  };

  process.on('exit', onExit);
  try {
    if (vsix) {
      const started = Date.now();
      await runToEnd(
        environment.node24,
        [environment.codeServerBin, ...common, '--install-extension', vsix, '--force'],
        { env },
        `installing ${vsix}`,
      );
      log(`installed ${path.basename(vsix)} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }

    if (port === undefined) port = await freePort();
    else await assertPortFree(port);
    const args = [
      environment.codeServerBin,
      '--bind-addr',
      `${HOST}:${port}`,
      '--auth',
      'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      ...common,
      ...(smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
      ...(folder ? [folder] : []),
    ];
    const logStream = createWriteStream(logFile);
    child = spawn(environment.node24, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
    child.stdout.pipe(logStream, { end: false });
    child.stderr.pipe(logStream, { end: false });
    const spawnError = new Promise((_, reject) => child.once('error', reject));
    const url = `http://${HOST}:${port}`;
    const started = Date.now();
    await Promise.race([
      spawnError,
      waitUntil(
        () => {
          if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}`);
          return healthy(url);
        },
        { timeoutMs: 30_000, intervalMs: 100, message: `${url}/healthz` },
      ),
    ]);
    log(`ready at ${url} in ${((Date.now() - started) / 1000).toFixed(1)} s (pid ${child.pid})`);
    return {
      url,
      port,
      pid: child.pid,
      userDataDir,
      logFile,
      /** URL that opens `dir` as the workspace folder, with extra query parameters. */
      folderUrl(dir, query = {}) {
        const params = new URLSearchParams({ folder: dir, ...query });
        return `${url}/?${params}`;
      },
      /** URI by which the remote extension host sees a path on this machine. */
      remoteUri(file) {
        return `vscode-remote://${HOST}:${port}${file.split(path.sep).join('/')}`;
      },
      logs: () => readFile(logFile, 'utf8').catch(() => ''),
      /** Resolves with the exit code (or signal) when the server ends. */
      exited,
      stop,
    };
  } catch (error) {
    const output = await readFile(logFile, 'utf8').catch(() => '');
    await stop();
    throw new Error(`${error.message}${output ? `\ncode-server output:\n${output}` : ''}`);
  }
}
