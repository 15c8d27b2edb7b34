import type { LintedFile } from '../lintFiles';

export function formatJson(files: readonly LintedFile[]): string {
  const report = files.map((file) => ({
    filePath: file.path,
    errorCount: file.problems.filter((p) => p.severity === 'error').length,
    warningCount: file.problems.filter((p) => p.severity === 'warning').length,
    infoCount: file.problems.filter((p) => p.severity === 'info').length,
    problems: file.problems,
  }));
  return `${JSON.stringify(report, null, 2)}\n`;
}
