import './regexpFlags';
import { statSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ProposedFeatures, createConnection } from 'vscode-languageserver/node';
import { URI } from 'vscode-uri';
import { fileKindOf } from '../core/fileKind';
import { startServer } from '../server';
import { codeCacheFolder } from './codeCache';
import { IndexCache, indexCacheFile, indexCacheFolder } from './indexCache';

const SKIPPED_FOLDERS = new Set(['node_modules', '.git', '.hg', '.svn']);

// createConnection picks the transport (--stdio, --node-ipc, --socket) from the command line.
const connection = createConnection(ProposedFeatures.all);

async function listBankFiles(folder: string): Promise<string[]> {
  const found: string[] = [];
  const pending = [folder];
  while (pending.length) {
    const current = pending.pop()!;
    const entries = await readdir(current, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name)) pending.push(path.join(current, entry.name));
      } else if (entry.isFile() && fileKindOf(entry.name)) {
        found.push(path.join(current, entry.name));
      }
    }
  }
  return found.sort();
}

/** With `--index-cache=<folder>` (the extension gives one in its storage for the workspace), checks kept between sessions. */
function indexCache(): IndexCache | undefined {
  const folder = indexCacheFolder(process.argv);
  if (!folder) return undefined;
  try {
    return new IndexCache(indexCacheFile(folder, statSync(__filename)));
  } catch {
    return undefined;
  }
}

startServer(connection, {
  async readFile(uri) {
    const parsed = URI.parse(uri);
    if (parsed.scheme !== 'file') return undefined;
    try {
      return await readFile(parsed.fsPath, 'utf8');
    } catch {
      return undefined;
    }
  },
  async listBankFiles(folderUri) {
    const folder = URI.parse(folderUri);
    if (folder.scheme !== 'file') return [];
    return (await listBankFiles(folder.fsPath)).map((file) => URI.file(file).toString());
  },
  createCheckPool() {
    // Loaded when first needed: only a large workspace is read on worker threads, and loading them slows every start.
    const { CheckPool } = require('./checkPool') as typeof import('./checkPool');
    return new CheckPool(undefined, undefined, codeCacheFolder(process.argv));
  },
  indexCache: indexCache(),
  // The bundle sits in dist/; the rule pages ship beside it in docs/rules/.
  ruleDocsBase: pathToFileURL(path.join(__dirname, '..', 'docs', 'rules')).toString(),
  timer: {
    setTimeout(callback, ms) {
      const handle = setTimeout(callback, ms);
      return { dispose: () => clearTimeout(handle) };
    },
  },
});
