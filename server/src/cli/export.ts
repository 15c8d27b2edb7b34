import { existsSync } from 'node:fs';
import { readFile, stat, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { URI } from 'vscode-uri';
import { checkText } from '../core/check';
import { fileKindOf } from '../core/fileKind';
import { LineIndex } from '../core/lineIndex';
import { renderHtml, renderMarkdown } from '../core/render';
import { exportHtml } from '../core/render/exportHtml';
import { summarize } from '../core/workspace/fileSummary';
import { WorkspaceIndex } from '../core/workspace/workspaceIndex';
import { ConfigResolver } from '../configResolver';
import { findFiles } from './findFiles';
import { CliError } from './lintFiles';
import type { CliIo } from './main';

/** `competency-guides export <file> [--format html|md] [--output path]`: 0 when exported, 2 when not. */
export async function runExport(args: string[], io: CliIo, usage: string): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, options: { format: { type: 'string' }, output: { type: 'string' } }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new CliError(`${(error as Error).message}\n\n${usage}`);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) {
    throw new CliError(positionals.length ? `export takes one file, not ${positionals.length}.` : `Name the file to export.\n\n${usage}`);
  }
  // Without --format, an output named *.md asks for Markdown.
  const format = values.format ?? (values.output !== undefined && /\.(md|markdown)$/i.test(values.output) ? 'md' : 'html');
  if (format !== 'html' && format !== 'md') throw new CliError(`Unknown format \`${format}\`; use html or md.`);
  const outcome = await exportFile({ file: positionals[0], format, output: values.output, cwd: io.cwd, stylesheetPath: stylesheetPath() });
  for (const note of outcome.notes) io.stderr(`competency-guides: note: ${note}\n`);
  if (outcome.content !== undefined) io.stdout(outcome.content);
  return 0;
}

/** media/ ships beside the bundle (dist/../media); from the sources it is three folders up. */
function stylesheetPath(): string {
  const candidates = [path.join(__dirname, '..', 'media', 'preview.css'), path.join(__dirname, '..', '..', '..', 'media', 'preview.css')];
  return candidates.find((candidate) => existsSync(candidate)) ?? candidates[0];
}

export interface ExportOptions {
  file: string;
  format: 'html' | 'md';
  /** Where to write; without it the export goes to stdout, so nothing is ever overwritten unasked. */
  output?: string;
  cwd: string;
  /** The preview stylesheet, inlined into HTML exports. */
  stylesheetPath: string;
}

export interface ExportOutcome {
  /** The export, when it goes to stdout. */
  content?: string;
  /** Notes for stderr: what the export could not show. */
  notes: string[];
}

/**
 * Exports one bank file as the interview guide the preview shows. A guide's competencies come from every bank file
 * under the current folder, as `lint` finds them. A file that is not valid YAML is not exported.
 */
export async function exportFile(options: ExportOptions): Promise<ExportOutcome> {
  const absolute = path.resolve(options.cwd, options.file);
  const info = await stat(absolute).catch(() => undefined);
  if (!info) throw new CliError(`No such file: ${options.file}`);
  const kind = fileKindOf(absolute);
  if (!info.isFile() || !kind) throw new CliError(`${options.file} is not a competency or guide file (*.competency.yaml or *.guide.yaml)`);
  const text = await readText(absolute, options.file);
  const uri = pathToFileURL(absolute).toString();

  const checked = checkText(text, kind, { lint: false });
  const syntax = checked.parsed.syntaxProblems.find((problem) => problem.severity === 'error');
  if (syntax) {
    const line = new LineIndex(text).positionAt(syntax.range.start).line + 1;
    throw new CliError(`${options.file}:${line}: ${syntax.message} The file is not valid YAML, so it was not exported.`);
  }
  const notes: string[] = [];
  const errors = checked.validation.filter((problem) => problem.severity === 'error').length;
  if (errors) notes.push(`${options.file} breaks the file format in ${errors === 1 ? 'one place' : `${errors} places`}; the export shows what could be read. \`competency-guides lint ${options.file}\` lists them.`);

  const index = new WorkspaceIndex();
  if (kind === 'guide') {
    const files = await findFiles([], options.cwd);
    for (const file of files) {
      const fileKind = fileKindOf(file.absolutePath);
      if (fileKind !== 'competency') continue;
      const content = await readText(file.absolutePath, file.path);
      index.set(summarize(pathToFileURL(file.absolutePath).toString(), content, checkText(content, fileKind, { lint: false }).model));
    }
    if (checked.model.kind === 'guide') {
      for (const section of checked.model.sections) {
        if (section.competency !== undefined && !index.competency(section.competency)) {
          notes.push(`No competency file under ${options.cwd} has the id \`${section.competency}\`; its section shows no questions.`);
        }
      }
    }
  }

  const config = await new ConfigResolver((configUri) => readConfig(URI.parse(configUri).fsPath)).resolve(uri);
  const input = { text, kind, uri, parsed: checked.parsed, index, questionMinutes: config.config.questionMinutes };
  let content: string;
  if (options.format === 'md') {
    content = renderMarkdown(input).markdown;
  } else {
    const rendered = renderHtml(input);
    content = exportHtml({ title: rendered.title, body: rendered.html, css: await readStylesheet(options.stylesheetPath) });
  }

  if (options.output === undefined) return { content, notes };
  const target = path.resolve(options.cwd, options.output);
  if (target === absolute) throw new CliError(`--output names the file being exported; choose another path.`);
  try {
    await writeFile(target, content, 'utf8');
  } catch (error) {
    throw new CliError(`Cannot write ${options.output}: ${(error as Error).message}`);
  }
  return { notes };
}

async function readText(absolute: string, shown: string): Promise<string> {
  try {
    return await readFile(absolute, 'utf8');
  } catch (error) {
    throw new CliError(`Cannot read ${shown}: ${(error as Error).message}`);
  }
}

/** Only `question_minutes` matters to an export; the config's other mistakes are for `lint` to report. */
async function readConfig(configPath: string): Promise<string | undefined> {
  try {
    return await readFile(configPath, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw new CliError(`Cannot read the config file ${configPath}: ${(error as Error).message}`);
  }
}

async function readStylesheet(stylesheetPath: string): Promise<string> {
  try {
    return await readFile(stylesheetPath, 'utf8');
  } catch {
    throw new CliError(`The stylesheet ${stylesheetPath} is missing; the installation is incomplete.`);
  }
}
