import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ADD_SUPPRESSION_COMMAND } from '../../common/protocol';
import { addSuppression } from './commands/addSuppression';
import { createLanguageClient } from './languageClient';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  context.subscriptions.push(vscode.commands.registerCommand(ADD_SUPPRESSION_COMMAND, addSuppression));
  client = createLanguageClient(context);
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
