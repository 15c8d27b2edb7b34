import { duplicateId } from './duplicate-id';
import { duplicateQuestion } from './duplicate-question';
import { missingAreasToCover } from './missing-areas-to-cover';
import { missingFollowUps } from './missing-follow-ups';
import { notBehavioral } from './not-behavioral';
import { overTime } from './over-time';
import { protectedTopic } from './protected-topic';
import type { Rule } from './rule';
import { unknownReference } from './unknown-reference';

/** Every lint rule, in the order of FORMAT.md's table. Docs, the config schema and settings are generated from it. */
export const rules: readonly Rule[] = [
  missingFollowUps,
  missingAreasToCover,
  duplicateId,
  duplicateQuestion,
  notBehavioral,
  protectedTopic,
  unknownReference,
  overTime,
];

/** Checks that are not lint rules but carry a rule id of their own (they always run, as you type). */
export const builtinChecks = [
  { id: 'yaml-syntax', description: 'The file must be valid YAML.', defaultSeverity: 'error' },
  { id: 'schema', description: 'Every value must fit the file format: known keys, right types, valid ids, required fields.', defaultSeverity: 'error' },
] as const;

/** Ids that appear on problems but are not configurable: mistakes in the config file and in suppression comments. */
export const metaCheckIds = ['config', 'suppression', 'too-large'] as const;

export const allRuleIds: readonly string[] = [...builtinChecks.map((check) => check.id), ...rules.map((rule) => rule.id)];

export function ruleById(id: string): Rule | undefined {
  return rules.find((rule) => rule.id === id);
}
