import { pathToFileURL } from 'node:url';
import { builtinChecks, rules } from '../../core/rules';
import type { Severity } from '../../core/problem';
import type { LintedFile } from '../lintFiles';

const LEVELS: Record<Severity | 'off', string> = { error: 'error', warning: 'warning', info: 'note', off: 'none' };

const RULES = [
  ...builtinChecks.map((check) => ({ id: check.id, description: check.description, defaultSeverity: check.defaultSeverity as Severity })),
  ...rules.map((rule) => ({ id: rule.id, description: rule.description, defaultSeverity: rule.defaultSeverity })),
  { id: 'suppression', description: 'Suppression comments must name known rules and give a reason where a rule requires one.', defaultSeverity: 'warning' as Severity },
];

/** SARIF 2.1.0: one rule entry per rule, 1-based regions, paths relative to the folder the command ran in. */
export function formatSarif(files: readonly LintedFile[], context: { cwd: string; version: string; docsBase?: string }): string {
  const ruleIndex = new Map(RULES.map((rule, i) => [rule.id, i]));
  const region = (p: { line: number; column: number; endLine: number; endColumn: number }) => ({
    startLine: p.line,
    startColumn: p.column,
    endLine: p.endLine,
    endColumn: Math.max(p.endColumn, p.line === p.endLine ? p.column : 1),
  });
  const location = (path: string, p: { line: number; column: number; endLine: number; endColumn: number }) => ({
    physicalLocation: { artifactLocation: artifactLocation(path), region: region(p) },
  });
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'competency-guides',
            version: context.version,
            rules: RULES.map((rule) => ({
              id: rule.id,
              shortDescription: { text: rule.description },
              defaultConfiguration: { level: LEVELS[rule.defaultSeverity] },
              ...(context.docsBase ? { helpUri: `${context.docsBase}/${rule.id}.md` } : {}),
            })),
          },
        },
        originalUriBaseIds: { SRCROOT: { uri: `${pathToFileURL(context.cwd).toString().replace(/\/?$/, '/')}` } },
        results: files.flatMap((file) =>
          file.problems.map((problem) => ({
            ruleId: problem.ruleId,
            ...(ruleIndex.has(problem.ruleId) ? { ruleIndex: ruleIndex.get(problem.ruleId) } : {}),
            level: LEVELS[problem.severity],
            message: { text: problem.message },
            locations: [location(file.path, problem)],
            ...(problem.related?.length
              ? { relatedLocations: problem.related.map((r, id) => ({ id, ...location(r.path, r), message: { text: r.message } })) }
              : {}),
          })),
        ),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

/** Relative paths are resolved against SRCROOT; absolute ones (outside the folder) become file URIs. */
function artifactLocation(path: string) {
  if (path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path)) return { uri: pathToFileURL(path).toString() };
  return { uri: path.split('/').map(encodeURIComponent).join('/'), uriBaseId: 'SRCROOT' };
}
