// What the server loads to start: Node modules the language-server library pulls in for features the server never
// uses stay unloaded through a whole session (scripts/build.mjs loads them on first use), and so do worker threads,
// which only a large workspace needs (server/src/node/main.ts loads them on first use).
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { fileUri, LspTestClient, REPO_ROOT } from '../helpers/lspClient';

test('a session on a small workspace with diagnostics, completion, symbols and the preview never loads child_process, crypto or worker threads', async () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'cg-startup-'));
  const loaded = path.join(folder, 'modules.json');
  const preload = path.join(folder, 'record-modules.cjs');
  writeFileSync(preload, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(loaded)}, JSON.stringify(process.moduleLoadList)));\n`);
  const client = new LspTestClient({ lint: { run: 'onSave' }, validate: { delay: 0 } }, { nodeOptions: ['--require', preload] });
  try {
    await client.initialize(path.join(REPO_ROOT, 'examples'));
    const file = path.join(REPO_ROOT, 'examples', 'service-orientation.competency.yaml');
    const uri = fileUri(file);
    await client.open(uri, readFileSync(file, 'utf8'));
    await client.nextPublish(uri, 1);
    const textDocument = { uri };
    assert.ok(((await client.request<{ html: string }>('competencyGuides/renderGuide', { uri })).html).includes('<article'));
    assert.ok((await client.request<unknown[]>('textDocument/documentSymbol', { textDocument })).length > 0);
    await client.request('textDocument/completion', { textDocument, position: { line: 1, character: 0 } });
  } finally {
    await client.dispose();
  }
  try {
    const modules = JSON.parse(readFileSync(loaded, 'utf8')) as string[];
    // The list is the real one: what the server does use is in it.
    for (const used of ['fs', 'net', 'path']) assert.ok(modules.includes(`NativeModule ${used}`), used);
    for (const unused of ['child_process', 'crypto', 'worker_threads']) assert.ok(!modules.includes(`NativeModule ${unused}`), `${unused} was loaded`);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
