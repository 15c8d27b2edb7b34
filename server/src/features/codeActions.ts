import { CodeActionKind, type CodeAction, type Command, type Diagnostic, type TextEdit as LspTextEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { ADD_SUPPRESSION_COMMAND, FIX_ALL_KIND } from '../../../common/protocol';
import { DIAGNOSTIC_SOURCE } from '../../../common/languages';
import { safeFixEdits } from '../core/edits';
import type { Problem, TextEdit } from '../core/problem';
import { RULES_NEEDING_A_REASON, suppressionLineFor } from '../core/suppressions';

/** Ids whose problems cannot be silenced by a comment. */
const NOT_SUPPRESSIBLE = new Set(['yaml-syntax', 'suppression', 'config']);

/**
 * Quick fixes for the diagnostics the editor asks about. Fixes come from `problems`, computed for the document's
 * current text, and are matched to diagnostics by rule, message and place.
 */
export function quickFixes(document: TextDocument, problems: readonly Problem[], diagnostics: readonly Diagnostic[]): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const diagnostic of diagnostics) {
    if (diagnostic.source !== DIAGNOSTIC_SOURCE) continue;
    const problem = problems.find(
      (p) =>
        p.ruleId === diagnostic.code &&
        p.message === diagnostic.message &&
        document.positionAt(p.range.start).line === diagnostic.range.start.line,
    );
    for (const fix of problem?.fixes ?? []) {
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: fix.safe || (problem?.fixes?.length === 1 && fix.edits.length === 1),
        edit: { changes: { [document.uri]: fix.edits.map((edit) => toLspEdit(document, edit)) } },
      });
    }
    const ruleId = String(diagnostic.code ?? '');
    if (ruleId && !NOT_SUPPRESSIBLE.has(ruleId)) actions.push(suppressAction(document, diagnostic, ruleId));
  }
  return actions;
}

function suppressAction(document: TextDocument, diagnostic: Diagnostic, ruleId: string): CodeAction {
  const lines = document.getText().split(/\r\n|\r|\n/);
  const line = suppressionLineFor(lines, diagnostic.range.start.line);
  const indent = /^[ ]*/.exec(lines[line] ?? '')![0];
  const command: Command = {
    title: `Disable ${ruleId} for this line`,
    command: ADD_SUPPRESSION_COMMAND,
    arguments: [{ uri: document.uri, line, indent, ruleId, reasonRequired: RULES_NEEDING_A_REASON.has(ruleId) }],
  };
  return { title: `Disable ${ruleId} for this line...`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], command };
}

/** All safe fixes of the document at once, for `source.fixAll.competencyGuides` (and editor.codeActionsOnSave). */
export function fixAll(document: TextDocument, problems: readonly Problem[]): CodeAction | undefined {
  const edits = safeFixEdits(problems);
  if (!edits.length) return undefined;
  return {
    title: 'Fix all safe Competency Guides problems',
    kind: FIX_ALL_KIND,
    edit: { changes: { [document.uri]: edits.map((edit) => toLspEdit(document, edit)) } },
  };
}


function toLspEdit(document: TextDocument, edit: TextEdit): LspTextEdit {
  return { range: { start: document.positionAt(edit.range.start), end: document.positionAt(edit.range.end) }, newText: edit.newText };
}
