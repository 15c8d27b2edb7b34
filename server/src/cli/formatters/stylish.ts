import type { LintedFile } from '../lintFiles';

/** Grouped by file, one line per problem, then a summary: what people know from ESLint and markdownlint. */
export function formatStylish(files: readonly LintedFile[]): string {
  const out: string[] = [];
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  for (const file of files) {
    if (!file.problems.length) continue;
    out.push(file.path);
    const width = Math.max(...file.problems.map((p) => `${p.line}:${p.column}`.length));
    for (const problem of file.problems) {
      if (problem.severity === 'error') errors++;
      else if (problem.severity === 'warning') warnings++;
      else infos++;
      const where = `${problem.line}:${problem.column}`.padEnd(width);
      out.push(`  ${where}  ${problem.severity.padEnd(7)}  ${problem.message}  ${problem.ruleId}`);
    }
    out.push('');
  }
  const total = errors + warnings + infos;
  if (total === 0) {
    out.push(`No problems found in ${files.length} file${files.length === 1 ? '' : 's'}.`);
  } else {
    const parts = [plural(errors, 'error'), plural(warnings, 'warning')];
    if (infos) parts.push(plural(infos, 'info'));
    out.push(`${plural(total, 'problem')} (${parts.join(', ')}) in ${plural(files.length, 'file')}`);
  }
  return `${out.join('\n')}\n`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 || noun === 'info' ? '' : 's'}`;
}
