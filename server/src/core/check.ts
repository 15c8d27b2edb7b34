import { defaultConfig, type LintConfig } from './config';
import type { FileKind } from './fileKind';
import { runRules } from './lint';
import { buildModel, type BankModel } from './model';
import type { OffsetRange, Problem } from './problem';
import { schemaProblems } from './schema/schemaProblems';
import { parseBankYaml } from './incremental/questionWiseParse';
import type { ParsedYaml } from './yamlDocument';

export interface CheckOptions {
  /** Run the lint rules too (on save, on open, or as you type in onType mode). */
  lint: boolean;
  config?: LintConfig;
  /** A whole parse of this very text made already (the editor's features parse open documents too): not made again. */
  parse?: { parsed: ParsedYaml; model: BankModel };
}

export interface CheckResult {
  hasSyntaxErrors: boolean;
  parsed: ParsedYaml;
  model: BankModel;
  /** Syntax and schema problems: always current. */
  validation: Problem[];
  /** Lint rule problems; empty when `lint` was false or the YAML is broken. */
  lint: Problem[];
}

/** Checks one bank file from its text: the single entry point the server and the CLI share. */
export function checkText(text: string, kind: FileKind, options: CheckOptions): CheckResult {
  const parsed = options.parse?.parsed ?? parseBankYaml(text);
  const model = options.parse?.model ?? buildModel(parsed, kind);
  const syntax = parsed.syntaxProblems;
  const hasSyntaxErrors = syntax.some((problem) => problem.severity === 'error');
  // A broken structure makes follow-on schema and rule problems that are not the user's real mistake.
  const credible = (problem: Problem) => !hasSyntaxErrors || !overlapsAny(problem.range, syntax);
  const validation = [...syntax, ...schemaProblems(parsed, kind, { reportMissing: !hasSyntaxErrors }).filter(credible)];
  // Lint rules judge content; on a file that does not read as YAML they would judge the parser's guesses.
  const lint = options.lint && !hasSyntaxErrors ? runRules({ kind, parsed, model, config: options.config ?? defaultConfig }) : [];
  return { hasSyntaxErrors, parsed, model, validation, lint };
}

function overlapsAny(range: OffsetRange, problems: Problem[]): boolean {
  return problems.some((problem) => range.start <= problem.range.end && problem.range.start <= range.end);
}
