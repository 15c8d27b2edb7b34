import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { checkText } from '../core/check';
import { fileKindOf } from '../core/fileKind';
import { LineIndex } from '../core/lineIndex';
import type { Problem, Severity } from '../core/problem';
import { ConfigResolver } from '../configResolver';
import { parseConfig } from '../core/config';
import { URI } from 'vscode-uri';

export interface LintedProblem {
  ruleId: string;
  severity: Severity;
  message: string;
  /** One-based, as editors and SARIF show them. */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface LintedFile {
  /** As given or found, relative to the current folder when under it. */
  path: string;
  absolutePath: string;
  problems: LintedProblem[];
}

export class CliError extends Error {}

/** Lints files from disk with the same core and config lookup as the editor. */
export async function lintFiles(files: readonly { path: string; absolutePath: string }[]): Promise<LintedFile[]> {
  const readConfig = async (uri: string) => {
    try {
      return await readFile(URI.parse(uri).fsPath, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
      throw new CliError(`Cannot read the config file ${URI.parse(uri).fsPath}: ${(error as Error).message}`);
    }
  };
  const checkedConfigs = new Set<string>();
  const configs = new ConfigResolver(async (uri) => {
    const text = await readConfig(uri);
    if (text !== undefined && !checkedConfigs.has(uri)) {
      checkedConfigs.add(uri);
      assertConfigIsValid(URI.parse(uri).fsPath, text);
    }
    return text;
  });
  const results: LintedFile[] = [];
  for (const file of files) {
    const kind = fileKindOf(file.absolutePath);
    if (!kind) continue;
    let text: string;
    try {
      text = await readFile(file.absolutePath, 'utf8');
    } catch (error) {
      throw new CliError(`Cannot read ${file.path}: ${(error as Error).message}`);
    }
    const { config } = await configs.resolve(pathToFileURL(file.absolutePath).toString());
    const result = checkText(text, kind, { lint: true, config });
    results.push({ ...file, problems: toLinted(text, [...result.validation, ...result.lint]) });
  }
  return results;
}

/** A config the CLI cannot trust stops the run (exit 2) instead of linting with half of it. */
function assertConfigIsValid(configPath: string, text: string): void {
  const { problems } = parseConfig(text);
  if (!problems.length) return;
  const index = new LineIndex(text);
  const lines = problems.map((problem) => {
    const { line, character } = index.positionAt(problem.range.start);
    return `  ${configPath}:${line + 1}:${character + 1}  ${problem.message}`;
  });
  throw new CliError(`The config file has problems:\n${lines.join('\n')}`);
}

function toLinted(text: string, problems: readonly Problem[]): LintedProblem[] {
  const index = new LineIndex(text);
  return problems
    .map((problem) => {
      const start = index.positionAt(problem.range.start);
      const end = index.positionAt(problem.range.end);
      return {
        ruleId: problem.ruleId,
        severity: problem.severity,
        message: problem.message,
        line: start.line + 1,
        column: start.character + 1,
        endLine: end.line + 1,
        endColumn: end.character + 1,
      };
    })
    .sort((a, b) => a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId));
}
