import { defaultConfig, type LintConfig } from '../../server/src/core/config';
import type { FileKind } from '../../server/src/core/fileKind';
import { LineIndex } from '../../server/src/core/lineIndex';
import type { Problem } from '../../server/src/core/problem';
import { WorkspaceChecker } from '../../server/src/core/workspace/workspaceChecker';

export interface ShownProblem {
  ruleId: string;
  /** One-based line of the start. */
  line: number;
  /** The text the squiggle sits on. */
  on: string;
  message: string;
  severity: string;
}

/**
 * Checks a text as the editor would after save (a workspace of that one file, suppressions applied), and shows each
 * problem as the words it underlines.
 */
export function problemsIn(text: string, kind: FileKind = 'competency', config: LintConfig = defaultConfig): ShownProblem[] {
  const checker = new WorkspaceChecker();
  const uri = `file:///workspace/test.${kind}.yaml`;
  checker.update(uri, text, { lint: true, config });
  return show(text, checker.problems(uri));
}

export function show(text: string, problems: readonly Problem[]): ShownProblem[] {
  const index = new LineIndex(text);
  return problems
    .map((problem) => ({
      ruleId: problem.ruleId,
      line: index.positionAt(problem.range.start).line + 1,
      on: text.slice(problem.range.start, problem.range.end),
      message: problem.message,
      severity: problem.severity,
    }))
    .sort((a, b) => a.line - b.line || a.ruleId.localeCompare(b.ruleId));
}

/** Joins lines with "\n" so fixtures read like the files they stand for. */
export function yaml(...lines: string[]): string {
  return `${lines.join('\n')}\n`;
}
