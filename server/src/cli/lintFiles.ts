import { readFile, writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { URI } from 'vscode-uri';
import { parseConfig } from '../core/config';
import { applyEdits, safeFixEdits } from '../core/edits';
import type { LineIndex } from '../core/lineIndex';
import { LineIndex as Lines } from '../core/lineIndex';
import type { Problem, RelatedLocation, Severity } from '../core/problem';
import { fileKindOf } from '../core/fileKind';
import { WorkspaceChecker } from '../core/workspace/workspaceChecker';
import { CheckPool } from '../node/checkPool';
import { ConfigResolver } from '../configResolver';
import { PARALLEL_FROM, READ_BATCH } from '../runtime';

export interface LintedProblem {
  ruleId: string;
  severity: Severity;
  message: string;
  /** One-based, as editors and SARIF show them. */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  related?: { path: string; line: number; column: number; endLine: number; endColumn: number; message: string }[];
}

export interface LintedFile {
  /** As given or found, relative to the current folder when under it. */
  path: string;
  absolutePath: string;
  problems: LintedProblem[];
  /** How many safe fixes --fix applied to this file. */
  fixed?: number;
}

export interface FileRef {
  path: string;
  absolutePath: string;
}

export class CliError extends Error {}

/**
 * Lints files from disk with the editor's engine: every bank file of the workspace is indexed (cross-file rules
 * need them all), and the problems of the requested files are reported.
 */
export async function lintFiles(requested: readonly FileRef[], workspaceFiles: readonly FileRef[], options: { fix: boolean }): Promise<LintedFile[]> {
  const configs = cliConfigResolver();
  const checker = new WorkspaceChecker();
  const all = new Map<string, FileRef>();
  for (const file of [...workspaceFiles, ...requested]) all.set(file.absolutePath, file);
  const texts = new Map<string, string>();
  const files = [...all.values()];
  // The worker threads start while the files are read: both take a while, and neither needs the other.
  const pool = files.length >= PARALLEL_FROM ? new CheckPool() : undefined;
  try {
    // All files are read first, so the checks can be spread over threads from the start.
    for (let i = 0; i < files.length; i += READ_BATCH) {
      const batch = files.slice(i, i + READ_BATCH);
      const read = await Promise.all(batch.map(readText));
      batch.forEach((file, k) => texts.set(file.absolutePath, read[k]));
    }
    const checks = [];
    for (const file of files) {
      const uri = pathToFileURL(file.absolutePath).toString();
      const text = texts.get(file.absolutePath)!;
      const config = (await configs.resolve(uri)).config;
      const kind = fileKindOf(uri);
      const checked = pool && kind ? pool.check(uri, kind, text, config) : undefined;
      // Awaited in order below; until then a failure must not count as unhandled.
      checked?.catch(() => undefined);
      checks.push({ uri, text, config, checked });
    }
    for (const { uri, text, config, checked } of checks) {
      if (checked) checker.adopt(uri, await checked, config);
      else checker.update(uri, text, { lint: true, config });
    }
  } finally {
    await pool?.close();
  }

  const fixedCounts = new Map<string, number>();
  if (options.fix) {
    // Fixes can change ids and so other files' problems: apply, write, re-check, for a few rounds at most.
    for (let round = 0; round < 10; round++) {
      let changed = false;
      for (const file of requested) {
        const uri = pathToFileURL(file.absolutePath).toString();
        const edits = safeFixEdits(checker.problems(uri));
        if (!edits.length) continue;
        const text = applyEdits(texts.get(file.absolutePath)!, edits);
        texts.set(file.absolutePath, text);
        await writeFile(file.absolutePath, text, 'utf8');
        checker.update(uri, text, { lint: true, config: (await configs.resolve(uri)).config });
        fixedCounts.set(file.absolutePath, (fixedCounts.get(file.absolutePath) ?? 0) + edits.length);
        changed = true;
      }
      if (!changed) break;
    }
  }

  const displayPaths = new Map([...all.values()].map((file) => [pathToFileURL(file.absolutePath).toString(), file.path]));
  return requested.map((file) => {
    const uri = pathToFileURL(file.absolutePath).toString();
    const lines = checker.lines(uri)!;
    return {
      ...file,
      problems: toLinted(uri, lines, checker.problems(uri), (related) => displayPaths.get(related) ?? URI.parse(related).fsPath),
      fixed: fixedCounts.get(file.absolutePath),
    };
  });
}

async function readText(file: FileRef): Promise<string> {
  try {
    return await readFile(file.absolutePath, 'utf8');
  } catch (error) {
    throw new CliError(`Cannot read ${file.path}: ${(error as Error).message}`);
  }
}

/** The editor's config lookup, on disk, failing the run (exit 2) on a config it cannot trust. */
function cliConfigResolver(): ConfigResolver {
  const checked = new Set<string>();
  return new ConfigResolver(async (uri) => {
    const configPath = URI.parse(uri).fsPath;
    let text: string;
    try {
      text = await readFile(configPath, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
      throw new CliError(`Cannot read the config file ${configPath}: ${(error as Error).message}`);
    }
    if (!checked.has(configPath)) {
      checked.add(configPath);
      assertConfigIsValid(configPath, text);
    }
    return text;
  });
}

function assertConfigIsValid(configPath: string, text: string): void {
  const { problems } = parseConfig(text);
  if (!problems.length) return;
  const lines = new Lines(text);
  const described = problems.map((problem) => {
    const { line, character } = lines.positionAt(problem.range.start);
    return `  ${configPath}:${line + 1}:${character + 1}  ${problem.message}`;
  });
  throw new CliError(`The config file has problems:\n${described.join('\n')}`);
}


function toLinted(uri: string, lines: LineIndex, problems: readonly Problem[], pathOf: (uri: string) => string): LintedProblem[] {
  return problems.map((problem) => {
    const start = lines.positionAt(problem.range.start);
    const end = lines.positionAt(problem.range.end);
    const linted: LintedProblem = {
      ruleId: problem.ruleId,
      severity: problem.severity,
      message: problem.message,
      line: start.line + 1,
      column: start.character + 1,
      endLine: end.line + 1,
      endColumn: end.character + 1,
    };
    // Places in this same file are positioned against its text; other files' carry their own positions.
    const related = (problem.related ?? [])
      .map((r) => (r.position || (r.uri && r.uri !== uri) ? r : { ...r, uri, position: { start: lines.positionAt(r.range.start), end: lines.positionAt(r.range.end) } }))
      .filter((r): r is RelatedLocation & { uri: string; position: NonNullable<RelatedLocation['position']> } => !!r.uri && !!r.position);
    if (related.length) {
      linted.related = related.map((r) => ({
        path: pathOf(r.uri),
        line: r.position.start.line + 1,
        column: r.position.start.character + 1,
        endLine: r.position.end.line + 1,
        endColumn: r.position.end.character + 1,
        message: r.message,
      }));
    }
    return linted;
  });
}
