import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ADD_SUPPRESSION_COMMAND } from '../../common/protocol';
import { addSuppression } from './commands/addSuppression';
import { exportGuide, revealLine } from './commands/exportGuide';
import { createLanguageClient } from './languageClient';
import { createLanguageStatus } from './languageStatus';
import { PreviewManager } from './preview/previewManager';
import { StartupClock, type StartupTimings } from './startupClock';

let client: LanguageClient | undefined;

/** What the extension offers other extensions and its tests. */
export interface CompetencyGuidesApi {
  /** Resolves once the server is ready and has sent its first diagnostics. */
  startup: Promise<StartupTimings>;
}

export async function activate(context: vscode.ExtensionContext): Promise<CompetencyGuidesApi> {
  let log = (_line: string) => undefined as void;
  const clock = new StartupClock((line) => log(line));
  client = createLanguageClient(context, clock);
  log = (line) => client?.outputChannel.appendLine(line);
  const languageClient = client;
  const previews = new PreviewManager(languageClient, context.extensionUri);
  context.subscriptions.push(
    previews,
    vscode.commands.registerCommand(ADD_SUPPRESSION_COMMAND, addSuppression),
    vscode.commands.registerCommand('competencyGuides.showPreview', (uri?: vscode.Uri) => previews.showPreview(asUri(uri), { toSide: false, locked: false })),
    vscode.commands.registerCommand('competencyGuides.showPreviewToSide', (uri?: vscode.Uri, line?: unknown) =>
      previews.showPreview(asUri(uri), { toSide: true, locked: false, line: typeof line === 'number' ? line : undefined }),
    ),
    vscode.commands.registerCommand('competencyGuides.showLockedPreviewToSide', (uri?: vscode.Uri) => previews.showPreview(asUri(uri), { toSide: true, locked: true })),
    vscode.commands.registerCommand('competencyGuides.togglePreviewLock', () => previews.toggleLock()),
    vscode.commands.registerCommand('competencyGuides.exportHtml', (uri?: vscode.Uri) => exportGuide(languageClient, 'html', asUri(uri))),
    vscode.commands.registerCommand('competencyGuides.exportMarkdown', (uri?: vscode.Uri) => exportGuide(languageClient, 'md', asUri(uri))),
    vscode.commands.registerCommand('competencyGuides.revealLine', (uri: string | vscode.Uri, line: number) => revealLine(uri, line)),
  );
  context.subscriptions.push(createLanguageStatus(languageClient));
  await client.start();
  clock.serverStarted();
  return { startup: clock.timings };
}

/** Commands get a URI from menus and code lenses, and nothing (or an unrelated argument) from the palette. */
function asUri(value: unknown): vscode.Uri | undefined {
  if (value instanceof vscode.Uri) return value;
  if (typeof value === 'string') return vscode.Uri.parse(value);
  return undefined;
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
