import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ProposedFeatures, createConnection } from 'vscode-languageserver/node';
import { URI } from 'vscode-uri';
import { startServer } from '../server';

// createConnection picks the transport (--stdio, --node-ipc, --socket) from the command line.
const connection = createConnection(ProposedFeatures.all);

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
  // The bundle sits in dist/; the rule pages ship beside it in docs/rules/.
  ruleDocsBase: pathToFileURL(path.join(__dirname, '..', 'docs', 'rules')).toString(),
  timer: {
    setTimeout(callback, ms) {
      const handle = setTimeout(callback, ms);
      return { dispose: () => clearTimeout(handle) };
    },
  },
});
