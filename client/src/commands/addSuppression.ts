import * as vscode from 'vscode';
import type { AddSuppressionArguments } from '../../../common/protocol';

/**
 * Inserts `# competency-lint-disable-next-line <rule> -- <reason>` above a line, after asking why: a suppression
 * with its reason tells the next reviewer the exception was deliberate.
 */
export async function addSuppression(args: AddSuppressionArguments): Promise<boolean> {
  const reason = await vscode.window.showInputBox({
    title: `Disable ${args.ruleId} for this line`,
    prompt: args.reasonRequired
      ? `Why is this allowed here? A reason is required for ${args.ruleId}.`
      : 'Why is this allowed here? (recommended; leave empty to skip)',
    placeHolder: args.ruleId === 'protected-topic' ? 'bona fide requirement: the role needs a commercial driver licence' : 'the reason',
    ignoreFocusOut: true,
    validateInput: (value) => (args.reasonRequired && !value.trim() ? `${args.ruleId} needs a reason.` : undefined),
  });
  if (reason === undefined) return false;
  const uri = vscode.Uri.parse(args.uri);
  const document = await vscode.workspace.openTextDocument(uri);
  const eol = document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
  const comment = `${args.indent}# competency-lint-disable-next-line ${args.ruleId}${reason.trim() ? ` -- ${reason.trim()}` : ''}${eol}`;
  const edit = new vscode.WorkspaceEdit();
  edit.insert(uri, new vscode.Position(args.line, 0), comment);
  return vscode.workspace.applyEdit(edit);
}
