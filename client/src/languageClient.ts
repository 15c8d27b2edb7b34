import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { LANGUAGE_IDS } from '../../common/languages';
import { SETTINGS_SECTION, type InitializationOptions } from '../../common/settings';
import { SERVER_NODE_OPTIONS, serverEnvironment } from '../../common/serverProcess';
import type { StartupClock } from './startupClock';

export function createLanguageClient(context: vscode.ExtensionContext, clock?: StartupClock): LanguageClient {
  const serverModule = context.asAbsolutePath('dist/server.js');
  // The server keeps V8's compiled code of its last start here, per user like the rest of our state: later starts
  // skip most of the compiling (see server/src/node/codeCache.ts).
  const args = [`--code-cache=${path.join(context.globalStorageUri.fsPath, 'code-cache')}`];
  // With a folder or workspace open, the checks of its closed files are kept in its own storage: the next session
  // parses only the files that changed (see server/src/node/indexCache.ts).
  if (context.storageUri?.scheme === 'file') args.push(`--index-cache=${path.join(context.storageUri.fsPath, 'index-cache')}`);
  // The client adds these to the extension host's own environment.
  const env = serverEnvironment(process.env);
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, args, options: { execArgv: [...SERVER_NODE_OPTIONS], env } },
    debug: { module: serverModule, transport: TransportKind.ipc, args, options: { execArgv: [...SERVER_NODE_OPTIONS, '--nolazy', '--inspect=6009'], env } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      ...LANGUAGE_IDS.map((language) => ({ language })),
      // The lint config is plain YAML; we read it (and report its mistakes) without claiming the yaml language.
      { pattern: '**/.competency-lint.yaml' },
    ],
    synchronize: {
      // Bank files changed outside the editor (git pull, another tool) and config files keep the index current.
      fileEvents: [
        vscode.workspace.createFileSystemWatcher('**/*.{competency,guide}.{yaml,yml}'),
        vscode.workspace.createFileSystemWatcher('**/.competency-lint.yaml'),
      ],
    },
    // Evaluated at each start: the settings as they are then.
    initializationOptions: initializationOptions,
    middleware: {
      handleDiagnostics(uri, diagnostics, next) {
        clock?.diagnosticsArrived(uri);
        next(uri, diagnostics);
      },
    },
  };
  return new LanguageClient('competencyGuides', 'Competency Guides', serverOptions, clientOptions);
}

/**
 * Each workspace folder's settings, sent with `initialize` so that reading the workspace at start does not wait for
 * the server to ask for them (see InitializationOptions). They are what the server would get by asking: the same
 * section for the same folder, as JSON.
 */
function initializationOptions(): InitializationOptions {
  const folders = vscode.workspace.workspaceFolders ?? [];
  return {
    folderSettings: folders.map((folder) => ({
      uri: folder.uri.toString(),
      settings: JSON.parse(JSON.stringify(vscode.workspace.getConfiguration(undefined, folder.uri).get(SETTINGS_SECTION) ?? null)),
    })),
  };
}
