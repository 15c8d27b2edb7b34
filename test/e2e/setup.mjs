// Installs what the end-to-end tests need, once, and skips whatever is already present:
// Debian's chromium (and unzip, and libkrb5-dev for code-server's native build), Node 24 and code-server.
// `node test/e2e/setup.mjs` runs it by hand; the other scripts call ensureE2EEnvironment().
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export const CODE_SERVER_VERSION = '4.139.1';
export const NODE_MAJOR = 24;
export const CHROMIUM = '/usr/bin/chromium';
const KRB5_HEADER = '/usr/include/gssapi/gssapi.h';
const UNZIP = '/usr/bin/unzip';

export function cacheDir() {
  return process.env.COMPETENCY_GUIDES_E2E_CACHE || path.join(os.homedir(), '.cache', 'competency-guides-e2e');
}

export function e2ePaths(cache = cacheDir()) {
  const nodePackage = path.join(cache, 'node24', 'node_modules', `node-linux-${process.arch}`);
  const codeServerPackage = path.join(cache, 'code-server', 'node_modules', 'code-server');
  return {
    cache,
    nodePackage,
    node24: path.join(nodePackage, 'bin', 'node'),
    codeServerPackage,
    /** code-server's entry script; run it with `node24`, never with the system node. */
    codeServerBin: path.join(codeServerPackage, 'out', 'node', 'entry.js'),
    chromium: CHROMIUM,
    unzip: UNZIP,
  };
}

export class SetupError extends Error {}

function seconds(since) {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

/** Runs a command with inherited output; rejects with its exit status. */
function run(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit', ...options });
    child.on('error', (error) => reject(new SetupError(`${command}: ${error.message}`)));
    child.on('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new SetupError(`\`${command} ${args.join(' ')}\` failed (${signal ?? `exit ${code}`})`));
    });
  });
}

function versionOf(node, script, xdgHome) {
  // code-server writes a default config (and says so on stdout) on its first run: keep that out of $HOME.
  const env = xdgHome
    ? { ...process.env, XDG_CONFIG_HOME: path.join(xdgHome, 'config'), XDG_DATA_HOME: path.join(xdgHome, 'data') }
    : process.env;
  const args = script ? [script, '--version'] : ['--version'];
  const result = spawnSync(node, args, { encoding: 'utf8', timeout: 60_000, env });
  return result.status === 0 ? result.stdout.trim().split('\n').at(-1) : undefined;
}

async function ensureAptPackages(needCodeServerBuild, log) {
  const wanted = [
    { name: 'chromium', file: CHROMIUM },
    { name: 'unzip', file: UNZIP },
    // code-server's `kerberos` module does not build without gssapi.h; only needed while installing it.
    ...(needCodeServerBuild ? [{ name: 'libkrb5-dev', file: KRB5_HEADER }] : []),
  ];
  const missing = wanted.filter((p) => !existsSync(p.file));
  for (const p of wanted) if (!missing.includes(p)) log(`apt ${p.name}: present (${p.file})`);
  if (missing.length === 0) return;
  const names = missing.map((p) => p.name).join(' ');
  if (process.getuid?.() !== 0) {
    throw new SetupError(`missing Debian packages: ${names}. Run: sudo apt-get update && sudo apt-get install -y ${names}`);
  }
  const started = Date.now();
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await run('apt-get', ['update'], { env });
  await run('apt-get', ['install', '-y', '--no-install-recommends', ...missing.map((p) => p.name)], { env });
  for (const p of missing) {
    if (!existsSync(p.file)) throw new SetupError(`apt-get installed ${p.name} but ${p.file} is still missing`);
  }
  log(`apt ${names}: installed in ${seconds(started)}`);
}

async function ensureNode24(paths, log) {
  const present = existsSync(paths.node24) && versionOf(paths.node24);
  if (present?.startsWith(`v${NODE_MAJOR}.`)) {
    log(`node ${present}: present (${paths.node24})`);
    return;
  }
  const started = Date.now();
  const prefix = path.join(paths.cache, 'node24');
  mkdirSync(prefix, { recursive: true });
  await run('npm', ['install', '--prefix', prefix, '--no-audit', '--no-fund', `node-linux-${process.arch}@${NODE_MAJOR}`], {
    cwd: prefix,
  });
  const version = versionOf(paths.node24);
  if (!version?.startsWith(`v${NODE_MAJOR}.`)) throw new SetupError(`Node ${NODE_MAJOR} did not install at ${paths.node24}`);
  log(`node ${version}: installed in ${seconds(started)}`);
}

async function ensureCodeServer(paths, log) {
  const started = Date.now();
  const prefix = path.join(paths.cache, 'code-server');
  mkdirSync(prefix, { recursive: true });
  // Node 24 first on PATH so npm runs code-server's postinstall and node-gyp on it, against its own headers
  // (a user npmrc may point node-gyp at the system node's headers, and node-gyp cannot download others offline).
  const env = {
    ...process.env,
    PATH: `${path.dirname(paths.node24)}${path.delimiter}${process.env.PATH}`,
    npm_config_nodedir: paths.nodePackage,
  };
  await run('npm', ['install', '--prefix', prefix, '--no-audit', '--no-fund', `code-server@${CODE_SERVER_VERSION}`], {
    cwd: prefix,
    env,
  });
  const version = codeServerVersion(paths);
  if (version !== CODE_SERVER_VERSION) {
    throw new SetupError(`code-server ${CODE_SERVER_VERSION} did not install at ${paths.codeServerPackage}`);
  }
  log(`code-server ${version}: installed in ${seconds(started)}`);
}

function codeServerVersion(paths) {
  if (!existsSync(paths.codeServerBin) || !existsSync(paths.node24)) return undefined;
  // The postinstall script installs VS Code's modules, links the remote CLI, then installs the built-in
  // extensions' modules; an interrupted install lacks the last of these.
  const vscode = path.join(paths.codeServerPackage, 'lib', 'vscode');
  if (!existsSync(path.join(vscode, 'bin', 'remote-cli', 'code-server'))) return undefined;
  if (!existsSync(path.join(vscode, 'extensions', 'node_modules'))) return undefined;
  // `code-server --version` prints "4.139.1 <commit> with Code 1.x".
  return versionOf(paths.node24, paths.codeServerBin, path.join(paths.cache, 'code-server-home'))?.split(/\s+/)[0];
}

/**
 * Makes sure chromium, unzip, Node 24 and code-server are installed, installing what is missing.
 * @returns {Promise<{node24: string, codeServerBin: string, chromium: string, unzip: string, cache: string}>}
 */
export async function ensureE2EEnvironment({ log = (line) => console.log(`[setup] ${line}`) } = {}) {
  const started = Date.now();
  const paths = e2ePaths();
  mkdirSync(paths.cache, { recursive: true });
  const codeServerPresent = codeServerVersion(paths) === CODE_SERVER_VERSION;
  await ensureAptPackages(!codeServerPresent, log);
  await ensureNode24(paths, log);
  if (codeServerPresent) log(`code-server ${CODE_SERVER_VERSION}: present (${paths.codeServerPackage})`);
  else await ensureCodeServer(paths, log);
  log(`environment ready in ${seconds(started)} (cache: ${paths.cache})`);
  return {
    node24: paths.node24,
    codeServerBin: paths.codeServerBin,
    chromium: paths.chromium,
    unzip: paths.unzip,
    cache: paths.cache,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  try {
    const environment = await ensureE2EEnvironment();
    console.log(JSON.stringify(environment, null, 2));
  } catch (error) {
    console.error(`[setup] failed: ${error instanceof SetupError ? error.message : error?.stack ?? error}`);
    process.exit(1);
  }
}
