import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { EXPORT_GUIDE_REQUEST, type ExportFormat, type ExportGuideParams, type ExportGuideResult } from '../../../common/protocol';
import { isBankDocument } from '../preview/previewManager';

/**
 * Exports the guide of a competency or guide file as one self-contained HTML page or as Markdown. The save dialog
 * proposes the file next to the source and asks before replacing anything.
 */
export async function exportGuide(client: LanguageClient, format: ExportFormat, resource?: vscode.Uri): Promise<vscode.Uri | undefined> {
  const uri = resource ?? (isBankDocument(vscode.window.activeTextEditor?.document) ? vscode.window.activeTextEditor.document.uri : undefined);
  if (!uri) {
    void vscode.window.showInformationMessage('Open a competency or guide file to export its guide.');
    return undefined;
  }
  const params: ExportGuideParams = { uri: uri.toString(), format };
  const result = await client.sendRequest<ExportGuideResult>(EXPORT_GUIDE_REQUEST, params);
  if (result.error) {
    const choice = await vscode.window.showWarningMessage(
      `Line ${result.error.line + 1} is not valid YAML (${result.error.message}). Export what can be read anyway?`,
      { modal: true },
      'Export',
    );
    if (choice !== 'Export') return undefined;
  }
  const extension = format === 'html' ? '.html' : '.md';
  const defaultUri = uri.with({ path: uri.path.replace(/\.(competency|guide)\.ya?ml$/i, '') + extension });
  const target = await vscode.window.showSaveDialog({
    defaultUri,
    title: `Export ${result.title} as ${format === 'html' ? 'HTML' : 'Markdown'}`,
    filters: format === 'html' ? { HTML: ['html'] } : { Markdown: ['md'] },
  });
  if (!target) return undefined;
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(result.content));
  const open = await vscode.window.showInformationMessage(`Exported to ${vscode.workspace.asRelativePath(target)}.`, 'Open');
  if (open === 'Open') await vscode.commands.executeCommand('vscode.open', target);
  return target;
}

/** Opens a document at a line: what code lenses and other jump targets use. */
export async function revealLine(uri: string | vscode.Uri, line: number): Promise<void> {
  const document = await vscode.workspace.openTextDocument(typeof uri === 'string' ? vscode.Uri.parse(uri) : uri);
  const target = Math.min(Math.max(line, 0), document.lineCount - 1);
  const editor = await vscode.window.showTextDocument(document);
  const position = new vscode.Position(target, document.lineAt(target).firstNonWhitespaceCharacterIndex);
  editor.selection = new vscode.Selection(position, position);
  editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenter);
}
