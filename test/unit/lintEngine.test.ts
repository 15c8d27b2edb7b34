import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseConfig } from '../../server/src/core/config';
import { runRules } from '../../server/src/core/lint';
import { buildModel } from '../../server/src/core/model';
import { missingFollowUps } from '../../server/src/core/rules/missing-follow-ups';
import type { Rule } from '../../server/src/core/rules/rule';
import { parseYaml } from '../../server/src/core/yamlDocument';
import { problemsIn, yaml } from '../helpers/problems';

const TEXT = yaml(
  'competency: X',
  'id: x',
  'summary: S',
  'questions:',
  '  - id: one',
  '    text: Tell me about a time.',
  '    areas_to_cover: [What happened]',
  '    follow_ups: [Why?]',
  '  - id: two',
  '    text: Describe a situation.',
  '    areas_to_cover: [What they did]',
);

function lint(text: string, configText: string, rules?: Rule[]) {
  const parsed = parseYaml(text);
  return runRules({ kind: 'competency', parsed, model: buildModel(parsed, 'competency'), config: parseConfig(configText).config }, rules);
}

describe('the rule engine', () => {
  test('missing-follow-ups reports the question without follow-ups as a warning', () => {
    const problems = problemsIn(TEXT).filter((p) => p.ruleId === 'missing-follow-ups');
    assert.deepEqual(problems.map((p) => [p.line, p.on, p.severity]), [[10, 'text', 'warning']]);
    assert.match(problems[0].message, /Question `two` has no follow-up questions/);
  });

  test('severity comes from the config', () => {
    const problems = lint(TEXT, 'rules:\n  missing-follow-ups: error\n');
    assert.deepEqual(problems.map((p) => p.severity), ['error']);
  });

  test('a rule switched off reports nothing', () => {
    assert.deepEqual(lint(TEXT, 'rules:\n  missing-follow-ups: off\n'), []);
  });

  test('the min option raises the bar', () => {
    const problems = lint(TEXT, 'rules:\n  missing-follow-ups: [warning, { min: 2 }]\n');
    assert.equal(problems.length, 2);
    assert.match(problems[0].message, /has 1 follow-up question; at least 2 are expected/);
  });

  test('a nonsense option falls back to the default instead of throwing', () => {
    const problems = lint(TEXT, 'rules:\n  missing-follow-ups: [warning, { min: lots }]\n');
    assert.equal(problems.length, 1);
  });

  test('a rule that throws becomes one problem about that rule; the others still report', () => {
    const broken: Rule = {
      id: 'broken-rule',
      description: 'Always throws.',
      defaultSeverity: 'warning',
      appliesTo: ['competency'],
      check() {
        throw new Error('boom');
      },
    };
    const problems = lint(TEXT, '', [broken, missingFollowUps]);
    assert.deepEqual(problems.map((p) => p.ruleId), ['broken-rule', 'missing-follow-ups']);
    assert.match(problems[0].message, /The rule `broken-rule` failed on this file and reported nothing: boom/);
  });
});

describe('the config file', () => {
  test('problems are located in the config file, and the valid parts still apply', () => {
    const { config, problems } = parseConfig('question_minutes: ten\nrules:\n  missing-follow-up: off\n  schema: warning\nextra: 1\n');
    assert.deepEqual(
      problems.map((p) => p.message),
      [
        '`question_minutes` should be a whole number of minutes, at least 1.',
        'Unknown rule `missing-follow-up`. Did you mean `missing-follow-ups`?',
        'Unknown key `extra`. The config file can have `question_minutes` and `rules`.',
      ],
    );
    assert.equal(config.questionMinutes, 12);
    assert.equal(config.rules.schema.severity, 'warning');
  });

  test('yaml-syntax cannot be switched off', () => {
    const { config, problems } = parseConfig('rules:\n  yaml-syntax: off\n');
    assert.equal(problems.length, 1);
    assert.match(problems[0].message, /cannot be switched off/);
    assert.equal(config.rules['yaml-syntax'], undefined);
  });

  test('a key that is a list or mapping gets one located problem, and the other keys still apply', () => {
    const text = '? [a, b]\n: 1\nrules:\n  ? {x: 1}\n  : error\n  missing-follow-ups: [error, { [min]: 2 }]\n  not-behavioral: off\n';
    const { config, problems } = parseConfig(text);
    assert.deepEqual(
      problems.map((p) => [p.ruleId, text.slice(p.range.start, p.range.end)]),
      [
        ['config', '[a, b]'],
        ['config', '{x: 1}'],
        ['config', '[min]'],
      ],
    );
    for (const problem of problems) assert.match(problem.message, /^A key must be plain text, such as `rules`, a rule id or an option name; this key is a list or mapping\.$/);
    assert.deepEqual(config.rules, { 'not-behavioral': { severity: 'off', options: {} } });
  });

  test('an empty config is the defaults', () => {
    assert.deepEqual(parseConfig(''), { config: { questionMinutes: 12, rules: {} }, problems: [] });
  });
});

describe('rule options in the config file', () => {
  test('unknown options and bad values are reported, and that rule keeps its defaults', () => {
    const { config, problems } = parseConfig(
      'rules:\n  missing-follow-ups: [error, { mn: 2 }]\n  missing-areas-to-cover: [warning, { min: 0 }]\n  not-behavioral: [info, { check_follow_ups: yes please }]\n  protected-topic: [warning, { locale: xx-XX }]\n  duplicate-id: [error, { min: 1 }]\n',
    );
    assert.deepEqual(
      problems.map((p) => p.message),
      [
        'Unknown option `mn`. Did you mean `min`?',
        '`min` should be a whole number of at least 1.',
        '`check_follow_ups` should be true or false.',
        '`locale` should be one of: en-US.',
        'Unknown option `min`. `duplicate-id` has no options.',
      ],
    );
    assert.deepEqual(config.rules, {});
  });
});

describe('suppression comments', () => {
  const base = ['competency: X', 'id: x', 'summary: S', 'questions:', '  - id: one', '    areas_to_cover: [A]'];
  test('stacked comments all apply to the first line that is not a comment', () => {
    const text = yaml(...base, '    # competency-lint-disable-next-line missing-follow-ups', '    # a note for reviewers', '    text: Tell me about a time.');
    assert.deepEqual(problemsIn(text), []);
  });
  test('a blank line ends the reach of a next-line comment', () => {
    const text = yaml(...base, '    # competency-lint-disable-next-line missing-follow-ups', '', '    text: Tell me about a time.');
    assert.deepEqual(problemsIn(text).map((p) => p.ruleId), ['missing-follow-ups']);
  });
  test('ids that cannot be suppressed, and unknown ids with a did-you-mean', () => {
    const text = yaml(...base, '    # competency-lint-disable-next-line config, missing-folow-ups', '    text: Tell me about a time.');
    assert.deepEqual(
      problemsIn(text).map((p) => [p.ruleId, p.on, p.message]),
      [
        ['suppression', 'config', '`config` cannot be suppressed.'],
        ['suppression', 'missing-folow-ups', 'Unknown rule `missing-folow-ups` in a competency-lint-disable-next-line comment; it suppresses nothing. Did you mean `missing-follow-ups`?'],
        ['missing-follow-ups', 'text', 'Question `one` has no follow-up questions; add `follow_ups` so interviewers can probe deeper.'],
      ],
    );
  });
  test('a protected-topic suppression without a reason is reported and does not take effect', () => {
    const lines = ['competency: X', 'id: x', 'summary: S', 'questions:', '  - id: one', '    areas_to_cover: [A]', '    follow_ups: [B]'];
    const without = problemsIn(yaml(...lines, '    # competency-lint-disable-next-line protected-topic', '    text: Tell me about a time you planned around your children.'));
    assert.deepEqual(without.map((p) => p.ruleId).sort(), ['protected-topic', 'suppression']);
    const withReason = problemsIn(yaml(...lines, '    # competency-lint-disable-next-line protected-topic -- reviewed with legal', '    text: Tell me about a time you planned around your children.'));
    assert.deepEqual(withReason, []);
  });
  test('a directive inside a block scalar is text, not a comment', () => {
    const text = yaml(...base.slice(0, 5), '    text: |', '      Tell me about a time.', '      # competency-lint-disable missing-follow-ups', '    areas_to_cover: [A]');
    assert.deepEqual(problemsIn(text).map((p) => p.ruleId), ['missing-follow-ups']);
  });
});

describe('duplicate-question on a text that is not indexed yet', () => {
  test('problemsOfText finds duplicates in the same file and in other files, as the indexed check does', async () => {
    const { WorkspaceChecker } = await import('../../server/src/core/workspace/workspaceChecker');
    const { defaultConfig } = await import('../../server/src/core/config');
    const other = yaml('competency: B', 'id: b', 'summary: S', 'questions:', '  - id: b1', '    text: Tell me about a time you calmed an angry caller down.', '    areas_to_cover: [A]', '    follow_ups: [B]');
    const mine = yaml(
      'competency: A',
      'id: a',
      'summary: S',
      'questions:',
      '  - id: a1',
      '    text: Tell me about a time you calmed an angry caller down!',
      '    areas_to_cover: [A]',
      '    follow_ups: [B]',
      '  - id: a2',
      '    text: Describe the last migration you planned from start to end.',
      '    areas_to_cover: [A]',
      '    follow_ups: [B]',
      '  - id: a3',
      '    text: describe the last migration you planned, from start to end',
      '    areas_to_cover: [A]',
      '    follow_ups: [B]',
    );
    const checker = new WorkspaceChecker();
    checker.update('file:///b.competency.yaml', other, { lint: true, config: defaultConfig });
    checker.update('file:///a.competency.yaml', mine, { lint: true, config: defaultConfig });
    const indexed = checker.problems('file:///a.competency.yaml').filter((p) => p.ruleId === 'duplicate-question');
    const fresh = checker.problemsOfText('file:///a.competency.yaml', mine, defaultConfig).filter((p) => p.ruleId === 'duplicate-question');
    assert.equal(indexed.length, 3);
    assert.deepEqual(fresh.map((p) => p.message), indexed.map((p) => p.message));
    assert.match(indexed[0].message, /`b1` in `b`/);
    assert.match(indexed[1].message, /`a3` in this file/);
  });
});
