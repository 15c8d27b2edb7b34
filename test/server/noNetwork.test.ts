/**
 * No network, no telemetry, nothing executed: the bundled server and the CLI run with every network API (and
 * child processes) replaced by a stub that records the attempt and throws, through a whole session on the examples;
 * no attempt may be recorded. The bundles carry no telemetry module, and the extension declares that it supports
 * untrusted and virtual workspaces.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { FuzzServer, fileUri, type Kind } from '../fuzz/harness';
import { REPO_ROOT } from '../helpers/lspClient';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');

/** Loaded with `node --require` before the bundle: each network API records who called it, then throws. */
const PRELOAD = String.raw`
'use strict';
const fs = require('node:fs');
const log = process.env.NO_NETWORK_LOG;
// Proof that the stub was in place in this process: the script it ran.
fs.appendFileSync(log + '.loaded', JSON.stringify(process.argv.slice(1, 3)) + '\n');
function refuse(api) {
  return function refused() {
    const stack = (new Error().stack || '').split('\n').slice(2, 8).join('\n');
    fs.appendFileSync(log, JSON.stringify({ api, pid: process.pid, argv: process.argv.slice(1, 3), stack }) + '\n');
    throw new Error('network access is not allowed in this test: ' + api);
  };
}
function patch(moduleName, names) {
  const target = require(moduleName);
  for (const name of names) if (typeof target[name] === 'function') target[name] = refuse(moduleName + '.' + name);
}
patch('node:net', ['connect', 'createConnection', 'createServer']);
const net = require('node:net');
net.Socket.prototype.connect = refuse('net.Socket.connect');
net.Server.prototype.listen = refuse('net.Server.listen');
patch('node:tls', ['connect', 'createServer']);
patch('node:http', ['request', 'get', 'createServer']);
patch('node:https', ['request', 'get', 'createServer']);
patch('node:http2', ['connect', 'createServer', 'createSecureServer']);
patch('node:dgram', ['createSocket']);
patch('node:dns', ['lookup', 'lookupService', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'resolveCname', 'resolveMx', 'resolveTxt', 'resolveSrv', 'reverse']);
const dns = require('node:dns');
for (const name of ['lookup', 'lookupService', 'resolve', 'resolve4', 'resolve6', 'resolveAny']) if (dns.promises && typeof dns.promises[name] === 'function') dns.promises[name] = refuse('dns.promises.' + name);
// Running a program is not network, but nothing in the workspace may be executed either.
patch('node:child_process', ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']);
for (const name of ['fetch', 'WebSocket', 'EventSource']) if (typeof globalThis[name] === 'function') globalThis[name] = refuse(name);
`;

interface Attempt {
  api: string;
  argv: string[];
  stack: string;
}

describe('no network, no telemetry, nothing executed', () => {
  let dir: string;
  let preload: string;
  let logFile: string;
  let bank: string;
  const attempts = (): Attempt[] =>
    existsSync(logFile)
      ? readFileSync(logFile, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line) as Attempt)
      : [];
  const env = () => ({ ...process.env, NO_NETWORK_LOG: logFile });
  /** The scripts that ran with the stub loaded. */
  const loaded = (): string[] =>
    existsSync(`${logFile}.loaded`)
      ? readFileSync(`${logFile}.loaded`, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((line) => (JSON.parse(line) as string[])[0] ?? '')
      : [];

  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'cg-no-network-'));
    preload = path.join(dir, 'no-network.cjs');
    logFile = path.join(dir, 'attempts.jsonl');
    writeFileSync(preload, PRELOAD);
    bank = path.join(dir, 'bank');
    cpSync(path.join(REPO_ROOT, 'examples'), bank, { recursive: true });
    // A file whose links and images point at the network: rendering it must not fetch anything.
    cpSync(path.join(REPO_ROOT, 'test', 'fixtures', 'render', 'hostile.competency.yaml'), path.join(bank, 'hostile.competency.yaml'));
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  test('the stub catches every kind of attempt (so an empty record means something)', () => {
    const probes = [
      "require('node:http').get('http://example.com')",
      "require('node:https').request('https://example.com')",
      "require('node:net').connect(80, 'example.com')",
      "require('node:tls').connect(443, 'example.com')",
      "require('node:dns').lookup('example.com', () => {})",
      "require('node:dgram').createSocket('udp4')",
      "fetch('https://example.com')",
      "require('node:child_process').execSync('true')",
    ];
    for (const probe of probes) {
      const result = spawnSync(process.execPath, ['--require', preload, '-e', `try { ${probe} } catch (e) { if (!/not allowed/.test(e.message)) throw e; }`], { env: env(), encoding: 'utf8' });
      assert.equal(result.status, 0, `${probe}: ${result.stderr}`);
    }
    assert.equal(attempts().length, probes.length, JSON.stringify(attempts().map((a) => a.api)));
    rmSync(logFile);
  });

  test('a whole editor session with the bundled server: open, edit, save, every request, preview, export', async () => {
    const server = new FuzzServer({ lint: { run: 'onSave' }, validate: { delay: 0 } }, undefined, { execArgv: ['--require', preload], env: env() });
    try {
      await server.initialize(bank);
      const files = [...readdirSync(bank).map((name) => path.join(bank, name)), ...readdirSync(path.join(bank, 'broken')).map((name) => path.join(bank, 'broken', name))].filter((file) => /\.(competency|guide)\.yaml$/.test(file));
      assert.ok(files.length > 15);
      for (const file of files) {
        const uri = fileUri(file);
        const kind: Kind = file.endsWith('.guide.yaml') ? 'guide' : 'competency';
        const text = readFileSync(file, 'utf8');
        await server.open(uri, text, kind);
        const opened = await server.waitForPublish(uri, 1, 10_000);
        assert.ok(!opened.hung, `${file}: ${opened.error}`);
        const diagnostics: Diagnostic[] = opened.result ?? [];
        const version = await server.change(uri, `${text}# an edit\n`);
        await server.waitForPublish(uri, version, 10_000);
        await server.save(uri);
        const position = { line: Math.min(5, text.split('\n').length - 1), character: 4 };
        const textDocument = { uri };
        const requests: [string, unknown][] = [
          ['textDocument/completion', { textDocument, position }],
          ['textDocument/hover', { textDocument, position }],
          ['textDocument/hover', { textDocument, position: { line: 0, character: 3 } }],
          ['textDocument/documentSymbol', { textDocument }],
          ['textDocument/foldingRange', { textDocument }],
          ['textDocument/selectionRange', { textDocument, positions: [position] }],
          ['textDocument/codeLens', { textDocument }],
          ['textDocument/definition', { textDocument, position }],
          ['textDocument/references', { textDocument, position, context: { includeDeclaration: true } }],
          ['textDocument/codeAction', { textDocument, range: { start: { line: 0, character: 0 }, end: position }, context: { diagnostics } }],
          ['textDocument/codeAction', { textDocument, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: ['source.fixAll.competencyGuides'] } }],
          ['competencyGuides/renderGuide', { uri }],
          ['competencyGuides/exportGuide', { uri, format: 'html' }],
          ['competencyGuides/exportGuide', { uri, format: 'md' }],
          ['competencyGuides/status', { uri }],
          ['workspace/symbol', { query: 'user' }],
        ];
        for (const [method, params] of requests) {
          const answer = await server.request<unknown>(method, params, 10_000);
          assert.ok(!answer.hung && answer.error === undefined, `${method} on ${path.basename(file)}: ${answer.error}`);
          if (method === 'textDocument/codeAction') assert.ok(Array.isArray(answer.result as CodeAction[]));
        }
        await server.close(uri);
      }
      await server.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(files[0]), type: 2 }] });
      const last = await server.request('competencyGuides/status', { uri: fileUri(files[0]) }, 10_000);
      assert.ok(!last.hung);
      assert.deepEqual(server.loggedErrors, [], 'no request failed (a refused network call would show here)');
      assert.deepEqual(server.telemetry, [], 'no telemetry/event notification');
      assert.equal(server.stderr.join(''), '');
    } finally {
      await server.dispose();
    }
    assert.deepEqual(attempts(), [], 'no network access attempted by the server');
    assert.ok(loaded().some((script) => script.endsWith(path.join('dist', 'server.js'))), 'the server ran with the stub');
  });

  test('the command line: lint in every format, lint --fix, export', () => {
    const work = path.join(dir, 'cli');
    cpSync(bank, work, { recursive: true });
    const runs = [
      ['lint'],
      ['lint', '--format', 'json'],
      ['lint', '--format', 'sarif'],
      ['lint', '--fix', 'broken'],
      ['export', 'it-support-onsite.guide.yaml'],
      ['export', 'service-orientation.competency.yaml', '--format', 'md'],
      ['export', 'hostile.competency.yaml', '--output', path.join(dir, 'hostile.html')],
      ['--help'],
    ];
    for (const args of runs) {
      const result = spawnSync(process.execPath, ['--require', preload, CLI, ...args], { cwd: work, env: env(), encoding: 'utf8' });
      assert.ok(result.status === 0 || result.status === 1, `${args.join(' ')}: exit ${result.status}: ${result.stderr}`);
      assert.doesNotMatch(result.stderr, /not allowed|unexpected failure/, args.join(' '));
    }
    assert.deepEqual(attempts(), [], 'no network access attempted by the CLI');
    assert.equal(loaded().filter((script) => script.endsWith(path.join('dist', 'cli.js'))).length, runs.length, 'every CLI run had the stub');
  });

  test('no telemetry module in the client, the server or the CLI bundle', () => {
    const signatures = [/@vscode\/extension-telemetry/, /applicationinsights/i, /TelemetryReporter/, /dc\.services\.visualstudio\.com/, /vortex\.data\.microsoft\.com/, /sentry\.io/i, /posthog/i, /segment\.(io|com)/i, /mixpanel/i, /google-analytics|googletagmanager/i];
    for (const bundle of ['client.js', 'server.js', 'serverMain.js', 'markdownIt.js', 'checkWorker.js', 'checkWorkerLaunch.js', 'cli.js']) {
      const file = path.join(REPO_ROOT, 'dist', bundle);
      assert.ok(existsSync(file), `${file} is missing: run \`npm run build\` first.`);
      const source = readFileSync(file, 'utf8');
      for (const signature of signatures) assert.doesNotMatch(source, signature, `${bundle} contains ${signature}`);
    }
    const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    assert.deepEqual(Object.keys(manifest.dependencies ?? {}).filter((name) => /telemetry|insights|analytics/i.test(name)), []);
  });

  test('the extension declares support for untrusted and virtual workspaces', () => {
    const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
      capabilities?: { untrustedWorkspaces?: { supported?: unknown }; virtualWorkspaces?: unknown };
    };
    assert.equal(manifest.capabilities?.untrustedWorkspaces?.supported, true, 'capabilities.untrustedWorkspaces.supported');
    assert.ok(manifest.capabilities?.virtualWorkspaces !== undefined, 'capabilities.virtualWorkspaces is declared');
  });
});
