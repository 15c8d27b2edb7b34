import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DIAGNOSTIC_SOURCE } from '../../../common/languages';
import type { OffsetRange, Problem, Severity } from '../core/problem';

const SEVERITIES: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

/** Turns core problems into LSP diagnostics: severity, source, the rule id as code and a link to its page. */
export function toDiagnostics(document: TextDocument, problems: readonly Problem[], ruleDocsBase: string): Diagnostic[] {
  return problems.map((problem) => {
    const diagnostic: Diagnostic = {
      range: toRange(document, problem.range),
      severity: SEVERITIES[problem.severity],
      source: DIAGNOSTIC_SOURCE,
      code: problem.ruleId,
      codeDescription: { href: `${ruleDocsBase}/${problem.ruleId}.md` },
      message: problem.message,
    };
    if (problem.related?.length) {
      diagnostic.relatedInformation = problem.related.map((related) => ({
        location: { uri: related.uri ?? document.uri, range: toRange(document, related.range) },
        message: related.message,
      }));
    }
    if (problem.fixes?.length) diagnostic.data = { fixes: problem.fixes };
    return diagnostic;
  });
}

export function toRange(document: TextDocument, range: OffsetRange) {
  return { start: document.positionAt(range.start), end: document.positionAt(range.end) };
}
