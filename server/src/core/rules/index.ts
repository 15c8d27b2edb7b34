import { missingFollowUps } from './missing-follow-ups';
import type { Rule } from './rule';

/** Every lint rule, in the order their problems are listed. Docs, config schema and settings are generated from it. */
export const rules: readonly Rule[] = [missingFollowUps];

/** Checks that are not lint rules but carry a rule id of their own (they always run, as you type). */
export const builtinChecks = [
  { id: 'yaml-syntax', description: 'The file must be valid YAML.', defaultSeverity: 'error' },
  { id: 'schema', description: 'Every value must fit the file format: known keys, right types, valid ids, required fields.', defaultSeverity: 'error' },
] as const;

export const allRuleIds: readonly string[] = [...builtinChecks.map((check) => check.id), ...rules.map((rule) => rule.id)];

export function ruleById(id: string): Rule | undefined {
  return rules.find((rule) => rule.id === id);
}
