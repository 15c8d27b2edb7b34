import { isMap, isPair, isScalar, isSeq, type Node, type Pair, type YAMLMap } from 'yaml';
import { didYouMean } from './didYouMean';
import type { Problem, SeveritySetting } from './problem';
import { builtinChecks, rules } from './rules';
import type { RuleOption } from './rules/rule';
import { COLLECTION_KEY_MESSAGE, keyRange, keyText, nodeRange, parseYaml, readableRange } from './yamlDocument';

export const CONFIG_FILE_NAME = '.competency-lint.yaml';
export const DEFAULT_QUESTION_MINUTES = 12;

export interface RuleSetting {
  severity: SeveritySetting;
  options: Record<string, unknown>;
}

export interface LintConfig {
  questionMinutes: number;
  /** Only the rules the file mentions; the others use their defaults. */
  rules: Record<string, RuleSetting>;
}

export const defaultConfig: LintConfig = { questionMinutes: DEFAULT_QUESTION_MINUTES, rules: {} };

export interface ParsedConfig {
  config: LintConfig;
  /** Problems in the config file itself, reported in that file. */
  problems: Problem[];
}

const SEVERITIES: readonly SeveritySetting[] = ['off', 'info', 'warning', 'error'];
const TOP_LEVEL_KEYS = ['question_minutes', 'rules'];
const PLAIN_KEY_MESSAGE = 'A key must be plain text, such as `rules`, a rule id or an option name; this key is a list or mapping.';

/**
 * Reads `.competency-lint.yaml`. Whatever is wrong becomes a problem located in the file, and the parts that are
 * right still apply: a typo in one rule never silently resets the others.
 */
export function parseConfig(text: string): ParsedConfig {
  const parsed = parseYaml(text);
  const problems: Problem[] = [...parsed.syntaxProblems];
  const config: LintConfig = { questionMinutes: DEFAULT_QUESTION_MINUTES, rules: {} };
  const root = parsed.document.contents as Node | null;
  if (root === null || (isScalar(root) && root.value === null)) return { config, problems };
  if (!isMap(root)) {
    problems.push(configProblem(nodeRange(root) ?? { start: 0, end: 0 }, 'The config file should be a set of keys: `question_minutes` and `rules`.'));
    return { config, problems };
  }
  for (const item of root.items) {
    if (!isPair(item)) continue;
    const key = keyText(item);
    const range = keyRange(item) ?? { start: 0, end: 0 };
    if (key === undefined) {
      problems.push(plainKeyProblem(text, range));
    } else if (key === 'question_minutes') {
      const value = item.value as Node | null;
      if (isScalar(value) && typeof value.value === 'number' && Number.isInteger(value.value) && value.value >= 1) {
        config.questionMinutes = value.value;
      } else {
        problems.push(configProblem(valueRange(item) ?? range, '`question_minutes` should be a whole number of minutes, at least 1.'));
      }
    } else if (key === 'rules') {
      readRules(text, item, config, problems);
    } else {
      const suggestion = didYouMean(key, TOP_LEVEL_KEYS);
      problems.push(
        configProblem(range, `Unknown key \`${key}\`. ${suggestion ? `Did you mean \`${suggestion}\`?` : 'The config file can have `question_minutes` and `rules`.'}`),
      );
    }
  }
  return { config, problems: withoutRepeatedKeyProblems(problems) };
}

/** On the first line of the key only: a mapping key runs on to its value. */
function plainKeyProblem(text: string, range: { start: number; end: number }): Problem {
  return configProblem(readableRange(text, range), PLAIN_KEY_MESSAGE);
}

/** The config's own problem about a list or mapping key says what the key should be: the generic syntax one goes. */
function withoutRepeatedKeyProblems(problems: Problem[]): Problem[] {
  const explained = new Set(problems.filter((p) => p.message === PLAIN_KEY_MESSAGE).map((p) => p.range.start));
  if (!explained.size) return problems;
  return problems.filter((p) => p.ruleId !== 'yaml-syntax' || p.message !== COLLECTION_KEY_MESSAGE || !explained.has(p.range.start));
}

function readRules(text: string, entry: Pair, config: LintConfig, problems: Problem[]): void {
  const value = entry.value as Node | null;
  if (isScalar(value) && value.value === null) return;
  if (!isMap(value)) {
    problems.push(configProblem(valueRange(entry) ?? keyRange(entry)!, '`rules` should map rule ids to a severity, for example `not-behavioral: off`.'));
    return;
  }
  const knownIds = [...builtinChecks.map((check) => check.id), ...rules.map((rule) => rule.id)];
  for (const item of value.items) {
    if (!isPair(item)) continue;
    const id = keyText(item);
    const range = keyRange(item) ?? { start: 0, end: 0 };
    if (id === undefined) {
      problems.push(plainKeyProblem(text, range));
      continue;
    }
    if (!knownIds.includes(id)) {
      const suggestion = didYouMean(id, knownIds);
      problems.push(configProblem(range, `Unknown rule \`${id}\`.${suggestion ? ` Did you mean \`${suggestion}\`?` : ` Known rules: ${knownIds.join(', ')}.`}`));
      continue;
    }
    const setting = readRuleSetting(item.value as Node | null);
    if (typeof setting === 'string') {
      problems.push(configProblem(valueRange(item) ?? range, setting));
      continue;
    }
    if (id === 'yaml-syntax' && setting.severity === 'off') {
      problems.push(configProblem(valueRange(item) ?? range, '`yaml-syntax` cannot be switched off: a file that is not YAML cannot be checked at all.'));
      continue;
    }
    const rule = rules.find((candidate) => candidate.id === id);
    const optionProblems = optionsProblems(text, item.value as Node | null, rule?.options ?? {}, id);
    problems.push(...optionProblems);
    if (optionProblems.length) continue;
    config.rules[id] = setting;
  }
}

/** Checks `[severity, { options }]` against the options the rule declares, so a typo is not silently ignored. */
function optionsProblems(text: string, value: Node | null, declared: Record<string, RuleOption>, ruleId: string): Problem[] {
  if (!isSeq(value) || !isMap(value.items[1])) return [];
  const problems: Problem[] = [];
  const names = Object.keys(declared);
  for (const item of (value.items[1] as YAMLMap).items) {
    if (!isPair(item)) continue;
    const name = keyText(item);
    const range = keyRange(item) ?? { start: 0, end: 0 };
    if (name === undefined) {
      problems.push(plainKeyProblem(text, range));
      continue;
    }
    const option = declared[name];
    if (!option) {
      const suggestion = didYouMean(name, names);
      const known = names.length ? `Options of \`${ruleId}\`: ${names.map((n) => `\`${n}\``).join(', ')}.` : `\`${ruleId}\` has no options.`;
      problems.push(configProblem(range, `Unknown option \`${name}\`.${suggestion ? ` Did you mean \`${suggestion}\`?` : ` ${known}`}`));
      continue;
    }
    const raw = isScalar(item.value) ? item.value.value : undefined;
    const where = valueRange(item) ?? range;
    if (option.type === 'integer' && !(typeof raw === 'number' && Number.isInteger(raw) && raw >= (option.minimum ?? -Infinity))) {
      problems.push(configProblem(where, `\`${name}\` should be a whole number${option.minimum !== undefined ? ` of at least ${option.minimum}` : ''}.`));
    } else if (option.type === 'boolean' && typeof raw !== 'boolean') {
      problems.push(configProblem(where, `\`${name}\` should be true or false.`));
    } else if (option.type === 'string' && (typeof raw !== 'string' || (option.enum && !option.enum.includes(raw)))) {
      problems.push(configProblem(where, `\`${name}\` should be ${option.enum ? `one of: ${option.enum.join(', ')}` : 'text'}.`));
    }
  }
  return problems;
}

/** A severity, or `[severity, { options }]`; a string result is the problem to report. */
function readRuleSetting(value: Node | null): RuleSetting | string {
  const expected = 'A rule is set to off, info, warning or error, or to a list like `[warning, { min: 2 }]`.';
  if (isScalar(value)) {
    const severity = severityOf(value.value);
    return severity ? { severity, options: {} } : `${describe(value.value)} is not a severity. ${expected}`;
  }
  if (isSeq(value)) {
    const [first, second, ...rest] = value.items as (Node | null)[];
    const severity = isScalar(first) ? severityOf(first.value) : undefined;
    if (!severity || rest.length) return expected;
    if (second === undefined) return { severity, options: {} };
    if (!isMap(second)) return 'The second entry holds the rule\'s options, as keys and values, for example `{ min: 2 }`.';
    // Every declared option is a scalar; anything else is reported by optionsProblems and never applied, and
    // turning a list or mapping key into JSON could take seconds.
    const options: Record<string, unknown> = {};
    for (const item of second.items) {
      const name = isPair(item) ? keyText(item) : undefined;
      if (name !== undefined && isScalar(item.value)) options[name] = item.value.value;
    }
    return { severity, options };
  }
  return expected;
}

function severityOf(value: unknown): SeveritySetting | undefined {
  if (value === false) return 'off';
  return SEVERITIES.find((severity) => severity === value);
}

function describe(value: unknown): string {
  return value === null ? 'An empty value' : `\`${String(value)}\``;
}

function valueRange(entry: Pair) {
  const range = nodeRange(entry.value);
  return range && range.end > range.start ? range : undefined;
}

function configProblem(range: { start: number; end: number }, message: string): Problem {
  return { ruleId: 'config', severity: 'error', message, range };
}

/** The severity a rule runs at under this config. */
export function severityFor(config: LintConfig, id: string, fallback: SeveritySetting): SeveritySetting {
  return config.rules[id]?.severity ?? fallback;
}

/** The config with some rules' severities replaced (the editor's own overrides); options are kept. */
export function withSeverityOverrides(config: LintConfig, overrides: Record<string, SeveritySetting>): LintConfig {
  const ids = Object.keys(overrides).filter((id) => id !== 'yaml-syntax');
  if (!ids.length) return config;
  const rules = { ...config.rules };
  for (const id of ids) rules[id] = { severity: overrides[id], options: config.rules[id]?.options ?? {} };
  return { ...config, rules };
}
