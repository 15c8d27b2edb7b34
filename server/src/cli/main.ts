import { parseArgs } from 'node:util';
import { findFiles } from './findFiles';
import { formatJson } from './formatters/json';
import { formatStylish } from './formatters/stylish';
import { CliError, lintFiles, type LintedFile } from './lintFiles';

const USAGE = `Usage:
  competency-guides lint [paths or globs ...] [--format stylish|json] [--max-warnings N]

Exit codes: 0 no errors (and no more warnings than --max-warnings), 1 problems found, 2 the command failed.`;

const FORMATTERS: Record<string, (files: readonly LintedFile[]) => string> = {
  stylish: formatStylish,
  json: formatJson,
};

export async function main(argv: string[], io: { stdout: (text: string) => void; stderr: (text: string) => void; cwd: string }): Promise<number> {
  try {
    const [command, ...rest] = argv;
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      io.stdout(`${USAGE}\n`);
      return command === undefined ? 2 : 0;
    }
    if (command === 'lint') return await runLint(rest, io);
    throw new CliError(`Unknown command \`${command}\`.\n\n${USAGE}`);
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr(`competency-guides: ${error.message}\n`);
      return 2;
    }
    io.stderr(`competency-guides: unexpected failure: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
}

async function runLint(args: string[], io: { stdout: (text: string) => void; cwd: string }): Promise<number> {
  const { values, positionals } = parseCliArgs(args, {
    format: { type: 'string', default: 'stylish' },
    'max-warnings': { type: 'string' },
  });
  const format = String(values.format);
  const formatter = FORMATTERS[format];
  if (!formatter) throw new CliError(`Unknown format \`${format}\`; use one of: ${Object.keys(FORMATTERS).join(', ')}.`);
  let maxWarnings = Infinity;
  if (values['max-warnings'] !== undefined) {
    maxWarnings = Number(values['max-warnings']);
    if (!Number.isInteger(maxWarnings) || maxWarnings < 0) throw new CliError('--max-warnings takes a whole number, 0 or more.');
  }
  const files = await findFiles(positionals, io.cwd);
  const linted = await lintFiles(files);
  io.stdout(formatter(linted));
  const problems = linted.flatMap((file) => file.problems);
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.filter((p) => p.severity === 'warning').length;
  return errors > 0 || warnings > maxWarnings ? 1 : 0;
}

function parseCliArgs<T extends Parameters<typeof parseArgs>[0] extends infer C ? C extends { options?: infer O } ? O : never : never>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
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
