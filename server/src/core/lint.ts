import { severityFor, type LintConfig } from './config';
import type { FileKind } from './fileKind';
import type { BankModel } from './model';
import type { Problem } from './problem';
import { rules as allRules } from './rules';
import type { Rule } from './rules/rule';
import type { ParsedYaml } from './yamlDocument';

export interface LintInput {
  kind: FileKind;
  parsed: ParsedYaml;
  model: BankModel;
  config: LintConfig;
}

/**
 * Runs every enabled rule on one file. The engine, not the rule, sets severity and id; a rule that throws becomes
 * one problem about that rule, so a broken rule cannot blank out the others.
 */
export function runRules(input: LintInput, rules: readonly Rule[] = allRules): Problem[] {
  const problems: Problem[] = [];
  for (const rule of rules) {
    if (!rule.appliesTo.includes(input.kind)) continue;
    const severity = severityFor(input.config, rule.id, rule.defaultSeverity);
    if (severity === 'off') continue;
    const options = input.config.rules[rule.id]?.options ?? {};
    try {
      rule.check({ ...input, options }, (report) => {
        problems.push({ ruleId: rule.id, severity, ...report });
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      problems.push({
        ruleId: rule.id,
        severity: 'error',
        message: `The rule \`${rule.id}\` failed on this file and reported nothing: ${reason}`,
        range: { start: 0, end: firstLineEnd(input.parsed.text) },
      });
    }
  }
  return problems;
}

function firstLineEnd(text: string): number {
  const end = text.search(/\r\n|\r|\n/);
  return end === -1 ? text.length : end;
}
