import { DiagnosticSeverity, type Diagnostic, type Range } from 'vscode-languageserver';
import { DIAGNOSTIC_SOURCE } from '../../../common/languages';
import type { OffsetRange, Problem, Severity } from '../core/problem';

const SEVERITIES: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export interface PositionSource {
  positionAt(offset: number): { line: number; character: number };
}

/** Turns core problems into LSP diagnostics: severity, source, the rule id as code and a link to its page. */
export function toDiagnostics(uri: string, lines: PositionSource, problems: readonly Problem[], ruleDocsBase: string): Diagnostic[] {
  return problems.map((problem) => {
    const diagnostic: Diagnostic = {
      range: toRange(lines, problem.range),
      severity: SEVERITIES[problem.severity],
      source: DIAGNOSTIC_SOURCE,
      code: problem.ruleId,
      codeDescription: { href: `${ruleDocsBase}/${problem.ruleId}.md` },
      message: problem.message,
    };
    if (problem.related?.length) {
      diagnostic.relatedInformation = problem.related.map((related) => ({
        location: { uri: related.uri ?? uri, range: related.position ?? toRange(lines, related.range) },
        message: related.message,
      }));
    }
    return diagnostic;
  });
}

export function toRange(lines: PositionSource, range: OffsetRange): Range {
  return { start: lines.positionAt(range.start), end: lines.positionAt(range.end) };
}
