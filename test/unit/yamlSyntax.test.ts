import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { problemsIn, yaml } from '../helpers/problems';

describe('YAML syntax errors', () => {
  test('an unclosed quote is reported on its line, not to the end of the file', () => {
    const text = yaml('competency: X', 'id: x', 'summary: "unclosed', 'questions:', '  - id: q', '    text: Tell me.');
    const problems = problemsIn(text).filter((p) => p.ruleId === 'yaml-syntax');
    assert.ok(problems.length >= 1);
    for (const problem of problems) assert.ok(!problem.on.includes('\n'), `range spans lines: ${JSON.stringify(problem.on)}`);
  });

  test('bad indentation in the middle still lets the rest of the file be checked', () => {
    const text = yaml(
      'competency: X',
      'id: x',
      'summary: S',
      'questions:',
      '  - id: first',
      '    text: Tell me about a time.',
      '   areas_to_cover: [oops]',
      '  - id: second',
      '    text: Describe a situation.',
      '    areas_to_cover: [A]',
      '    follow_ups: [B]',
      '    minuts: 3',
    );
    const problems = problemsIn(text);
    const syntax = problems.filter((p) => p.ruleId === 'yaml-syntax');
    assert.ok(syntax.length >= 1);
    assert.ok(syntax.every((p) => p.line === 7), JSON.stringify(syntax));
    assert.ok(
      problems.some((p) => p.ruleId === 'schema' && p.on === 'minuts' && p.line === 12),
      `the typo after the error is still reported: ${JSON.stringify(problems)}`,
    );
  });

  test('duplicate keys are reported, not silently merged', () => {
    const problems = problemsIn(yaml('competency: X', 'id: x', 'id: y', 'summary: S', 'questions: []'));
    const duplicate = problems.find((p) => p.ruleId === 'yaml-syntax');
    assert.ok(duplicate);
    assert.equal(duplicate.line, 3);
    assert.match(duplicate.message, /appears twice/);
  });

  test('tabs used for indentation are named as such', () => {
    const problems = problemsIn('competency: X\nid: x\nsummary: S\nquestions:\n\t- id: q\n');
    assert.ok(problems.some((p) => p.ruleId === 'yaml-syntax' && /Tabs/.test(p.message) && p.line === 5), JSON.stringify(problems));
  });

  test('an alias bomb is stopped with a clear problem', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) lines.push(`${'abcdefghij'[i]}: &${'abcdefghij'[i]} [${Array(10).fill(`*${'abcdefghij'[i - 1]}`).join(', ')}]`);
    const problems = problemsIn(yaml(...lines));
    assert.ok(problems.some((p) => p.ruleId === 'yaml-syntax' && /aliases/.test(p.message)), JSON.stringify(problems));
  });

  test('an empty file is reported as missing its required fields, once', () => {
    const problems = problemsIn('');
    assert.equal(problems.length, 1);
    assert.equal(problems[0].ruleId, 'schema');
  });
});
