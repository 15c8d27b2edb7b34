import '../node/regexpFlags';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { version } from '../../../package.json';
import { findFiles } from './findFiles';
import { formatJson } from './formatters/json';
import { formatSarif } from './formatters/sarif';
import { formatStylish } from './formatters/stylish';
import { runExport } from './export';
import { CliError, lintFiles, type LintedFile } from './lintFiles';

const USAGE = `Usage:
  competency-guides lint [paths or globs ...] [--format stylish|json|sarif] [--fix] [--max-warnings N]
  competency-guides export <file> [--format html|md] [--output path]

lint checks every *.competency.yaml and *.guide.yaml file under the current folder, or the paths and globs given.
export writes a file's interview guide, as one self-contained HTML page (the default) or Markdown, to stdout or
to the --output path; a guide finds its competencies under the current folder.
Exit codes: 0 no errors (and no more warnings than --max-warnings) or exported, 1 problems found, 2 the command
failed.`;

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  try {
    const [command, ...rest] = argv;
    if (command === '--help' || command === '-h' || command === 'help') {
      io.stdout(`${USAGE}\n`);
      return 0;
    }
    if (command === '--version' || command === '-v') {
      io.stdout(`${version}\n`);
      return 0;
    }
    if (command === 'lint') return await runLint(rest, io);
    if (command === 'export') return await runExport(rest, io, USAGE);
    throw new CliError(command === undefined ? `Name a command.\n\n${USAGE}` : `Unknown command \`${command}\`.\n\n${USAGE}`);
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr(`competency-guides: ${error.message}\n`);
      return 2;
    }
    io.stderr(`competency-guides: unexpected failure: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
}

async function runLint(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCliArgs(args);
  const format = values.format ?? 'stylish';
  if (!['stylish', 'json', 'sarif'].includes(format)) throw new CliError(`Unknown format \`${format}\`; use stylish, json or sarif.`);
  let maxWarnings = Infinity;
  if (values['max-warnings'] !== undefined) {
    maxWarnings = Number(values['max-warnings']);
    if (!/^\d+$/.test(values['max-warnings'])) throw new CliError('--max-warnings takes a whole number, 0 or more.');
  }
  const requested = await findFiles(positionals, io.cwd);
  const workspace = await findFiles([], io.cwd);
  const linted = await lintFiles(requested, workspace, { fix: values.fix === true });
  io.stdout(render(format, linted, io.cwd));
  const problems = linted.flatMap((file) => file.problems);
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.filter((p) => p.severity === 'warning').length;
  return errors > 0 || warnings > maxWarnings ? 1 : 0;
}

function render(format: string, files: LintedFile[], cwd: string): string {
  if (format === 'json') return formatJson(files);
  if (format === 'sarif') return formatSarif(files, { cwd, version, docsBase: docsBase() });
  return formatStylish(files);
}

/** The rule pages ship beside the bundle (dist/../docs/rules) in the npm package and the extension. */
function docsBase(): string | undefined {
  const folder = path.join(__dirname, '..', 'docs', 'rules');
  return existsSync(folder) ? pathToFileURL(folder).toString() : undefined;
}

function parseCliArgs(args: string[]) {
  try {
    return parseArgs({
      args,
      options: { format: { type: 'string' }, fix: { type: 'boolean' }, 'max-warnings': { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new CliError(`${(error as Error).message}\n\n${USAGE}`);
  }
}

if (require.main === module) {
  void main(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    cwd: process.cwd(),
  }).then((code) => {
    process.exitCode = code;
  });
}
