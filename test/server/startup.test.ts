// What the server loads to start: Node modules the language-server library pulls in for features the server never
// uses stay unloaded through a whole session (scripts/build.mjs loads them on first use), and so do worker threads,
// which only a large workspace needs (server/src/node/main.ts loads them on first use), and the Markdown renderer,
// which only previews and exports need (dist/markdownIt.js).
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { fileUri, LspTestClient, REPO_ROOT } from '../helpers/lspClient';

const EXAMPLE = path.join(REPO_ROOT, 'examples', 'service-orientation.competency.yaml');
const MARKDOWN_IT = path.join(REPO_ROOT, 'dist', 'markdownIt.js');

interface Loaded {
  /** Node's own modules, as `NativeModule <name>`. */
  builtins: string[];
  /** Files loaded with `require`. */
  files: string[];
}

/** Runs a session on the examples folder with the example open, and returns what the server process loaded. */
async function modulesLoadedBy(session: (client: LspTestClient, uri: string) => Promise<void>): Promise<Loaded> {
  const folder = mkdtempSync(path.join(tmpdir(), 'cg-startup-'));
  const loaded = path.join(folder, 'modules.json');
  const preload = path.join(folder, 'record-modules.cjs');
  writeFileSync(
    preload,
    `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(loaded)}, JSON.stringify({ builtins: process.moduleLoadList, files: Object.keys(require.cache) })));\n`,
  );
  const client = new LspTestClient({ lint: { run: 'onSave' }, validate: { delay: 0 } }, { nodeOptions: ['--require', preload] });
  try {
    await client.initialize(path.join(REPO_ROOT, 'examples'));
    const uri = fileUri(EXAMPLE);
    await client.open(uri, readFileSync(EXAMPLE, 'utf8'));
    await client.nextPublish(uri, 1);
    await session(client, uri);
  } finally {
    await client.dispose();
  }
  try {
    return JSON.parse(readFileSync(loaded, 'utf8')) as Loaded;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

test('a session on a small workspace with diagnostics, completion, symbols and the preview never loads child_process, crypto or worker threads', async () => {
  const { builtins, files } = await modulesLoadedBy(async (client, uri) => {
    const textDocument = { uri };
    assert.ok((await client.request<{ html: string }>('competencyGuides/renderGuide', { uri })).html.includes('<article'));
    assert.ok((await client.request<unknown[]>('textDocument/documentSymbol', { textDocument })).length > 0);
    await client.request('textDocument/completion', { textDocument, position: { line: 1, character: 0 } });
  });
  // The lists are the real ones: what the server does use is in them.
  for (const used of ['fs', 'net', 'path']) assert.ok(builtins.includes(`NativeModule ${used}`), used);
  for (const unused of ['child_process', 'crypto', 'worker_threads']) assert.ok(!builtins.includes(`NativeModule ${unused}`), `${unused} was loaded`);
  assert.ok(files.includes(MARKDOWN_IT), 'the preview loaded the Markdown renderer');
});

test('a session without a preview or an export never loads the Markdown renderer', async () => {
  const { files } = await modulesLoadedBy(async (client, uri) => {
    assert.ok((await client.request<unknown[]>('textDocument/documentSymbol', { textDocument: { uri } })).length > 0);
  });
  assert.ok(files.some((file) => file.endsWith(`${path.sep}server.js`)), `the server's own files are listed: ${files.join(', ')}`);
  assert.ok(!files.includes(MARKDOWN_IT), 'markdownIt.js was loaded');
});
