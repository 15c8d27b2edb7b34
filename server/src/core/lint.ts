import { severityFor, type LintConfig } from './config';
import type { FileKind } from './fileKind';
import type { BankModel, CompetencyModel, QuestionModel } from './model';
import type { OffsetRange, Problem } from './problem';
import { rules as allRules } from './rules';
import type { FileRule, Rule, RuleReport, WorkspaceRule } from './rules/rule';
import { lineEndIn, type SourceText } from './text/sourceText';
import type { FileSummary } from './workspace/fileSummary';
import type { WorkspaceIndex } from './workspace/workspaceIndex';
import type { ParsedYaml } from './yamlDocument';

export interface LintInput {
  kind: FileKind;
  parsed: ParsedYaml;
  model: BankModel;
  config: LintConfig;
}

/** Runs the enabled file rules on one file. */
export function runRules(input: LintInput, rules: readonly Rule[] = allRules): Problem[] {
  const fileRules = rules.filter((rule): rule is FileRule => rule.scope !== 'workspace');
  const { kind, model, config } = input;
  const text = input.parsed.text;
  return runEach(fileRules, kind, config, { start: 0, end: lineEndIn(text, 0) }, (rule, options, report) => rule.check({ kind, text, model, config, options }, report));
}

/**
 * The file rules' problems for one question of a competency file, the same as a run over the whole file reports
 * for it; undefined when an enabled rule cannot judge a question alone or a rule failed (the whole file is linted
 * instead, so a failure is reported once, where a full run reports it).
 */
export function runQuestionRules(input: { text: SourceText; question: QuestionModel; config: LintConfig }, rules: readonly Rule[] = allRules): Problem[] | undefined {
  const fileRules = rules.filter((rule): rule is FileRule => rule.scope !== 'workspace' && rule.appliesTo.includes('competency'));
  const enabled = fileRules.filter((rule) => severityFor(input.config, rule.id, rule.defaultSeverity) !== 'off');
  if (enabled.some((rule) => !rule.perQuestion)) return undefined;
  const model: CompetencyModel = { kind: 'competency', questions: [input.question] };
  const problems = runEach(enabled, 'competency', input.config, { start: 0, end: 0 }, (rule, options, report) =>
    rule.check({ kind: 'competency', text: input.text, model, config: input.config, options }, report),
  );
  return problems.some(isRuleFailure) ? undefined : problems;
}

/** Whether a problem says a rule threw: such a problem is about the whole file, not where it is shown. */
export function isRuleFailure(problem: Problem): boolean {
  return /^The rule `[^`]+` failed on this file/.test(problem.message);
}

/** Runs the enabled workspace rules for one file against the index; no parsing happens here. */
export function runWorkspaceRules(file: FileSummary, index: WorkspaceIndex, config: LintConfig, rules: readonly Rule[] = allRules): Problem[] {
  const workspaceRules = rules.filter((rule): rule is WorkspaceRule => rule.scope === 'workspace');
  const fallback = file.idRange ?? { start: 0, end: 0 };
  return runEach(workspaceRules, file.kind, config, fallback, (rule, options, report) => rule.check({ file, index, options, config }, report));
}

const RULE_FAILED = 'The rule ';

/**
 * The engine, not the rule, sets severity and id; a rule that throws becomes one problem about that rule, so a
 * broken rule cannot blank out the others.
 */
function runEach<R extends Rule>(
  rules: readonly R[],
  kind: FileKind,
  config: LintConfig,
  fallbackRange: OffsetRange,
  run: (rule: R, options: Record<string, unknown>, report: (problem: RuleReport) => void) => void,
): Problem[] {
  const problems: Problem[] = [];
  for (const rule of rules) {
    if (!rule.appliesTo.includes(kind)) continue;
    const severity = severityFor(config, rule.id, rule.defaultSeverity);
    if (severity === 'off') continue;
    const options = config.rules[rule.id]?.options ?? {};
    try {
      run(rule, options, (report) => problems.push({ ruleId: rule.id, severity, ...report }));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      problems.push({
        ruleId: rule.id,
        severity: 'error',
        message: `${RULE_FAILED}\`${rule.id}\` failed on this file and reported nothing: ${reason}`,
        range: fallbackRange,
      });
    }
  }
  return problems;
}
