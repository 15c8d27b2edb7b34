import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { problemsIn, yaml } from '../helpers/problems';

const HEAD = ['competency: Service Orientation', 'id: service-orientation', 'summary: Helping users well.'];

function competency(...questionLines: string[]): string {
  return yaml(...HEAD, 'questions:', ...questionLines);
}

const GOOD_QUESTION = [
  '  - id: frustrated-user',
  '    text: Tell me about a time you helped a frustrated user.',
  '    areas_to_cover: [How they read the user]',
  '    follow_ups: [What told you the user was frustrated?]',
];

function schemaOnly(text: string, kind: 'competency' | 'guide' = 'competency') {
  return problemsIn(text, kind).filter((p) => p.ruleId === 'schema' || p.ruleId === 'yaml-syntax');
}

describe('schema problems sit on the node at fault', () => {
  test('a valid file has no problems at all', () => {
    assert.deepEqual(problemsIn(competency(...GOOD_QUESTION)), []);
  });

  test('an unknown key inside a question is reported on that key, with a did-you-mean', () => {
    const text = competency(...GOOD_QUESTION.slice(0, 3), '    follow_up: [Why?]');
    const problems = schemaOnly(text);
    assert.equal(problems.length, 1);
    assert.equal(problems[0].on, 'follow_up');
    assert.equal(problems[0].line, 8);
    assert.equal(problems[0].message, 'Unknown key `follow_up`. Did you mean `follow_ups`?');
    assert.doesNotMatch(problems[0].message, /must NOT|additional/);
  });

  test('an unknown key with no close match lists the keys allowed there', () => {
    const problems = schemaOnly(competency(...GOOD_QUESTION, '    difficulty: hard'));
    assert.equal(problems.length, 1);
    assert.equal(problems[0].on, 'difficulty');
    assert.match(problems[0].message, /^Unknown key `difficulty`\. Question 1 can have: `id`, `text`/);
  });

  test('a missing required field is reported on the key of the map that lacks it', () => {
    const text = yaml('competency: X', 'id: x', 'summary: S', 'review:', '  owner: a@example.com', 'rating_scale:', '  - { score: 1 }', '  - { score: 2, label: b }', '  - { score: 3, label: c }', 'questions:', ...GOOD_QUESTION);
    const problems = schemaOnly(text);
    assert.deepEqual(problems.map((p) => [p.line, p.on]), [[7, 'score']]);
    assert.match(problems[0].message, /^Rating-scale point 1 is missing `label`/);
  });

  test('a missing field in a question is reported on the question\'s first key, not on the whole file', () => {
    const problems = schemaOnly(competency('  - id: no-text', '    follow_ups: [Why?]'));
    assert.equal(problems.length, 1);
    assert.equal(problems[0].on, 'id');
    assert.equal(problems[0].line, 5);
    assert.match(problems[0].message, /^Question 1 is missing `text`, which is required/);
  });

  test('a missing top-level field is reported on the first key', () => {
    const problems = schemaOnly(yaml('competency: X', 'id: x', 'questions:', ...GOOD_QUESTION));
    assert.equal(problems.length, 1);
    assert.equal(problems[0].on, 'competency');
    assert.match(problems[0].message, /^This competency file is missing `summary`/);
  });

  test('a wrong type is reported on the value, in plain words', () => {
    const problems = schemaOnly(competency(...GOOD_QUESTION, '    minutes: ten'));
    assert.equal(problems.length, 1);
    assert.equal(problems[0].on, 'ten');
    assert.equal(problems[0].message, '`minutes` should be a whole number, not the text "ten".');
  });

  test('one mistake gives one problem: a string where a list belongs', () => {
    const problems = schemaOnly(competency(...GOOD_QUESTION.slice(0, 3), '    follow_ups: just one'));
    assert.equal(problems.length, 1);
    assert.equal(problems[0].on, 'just one');
    assert.match(problems[0].message, /should be a list/);
  });

  test('an empty value names the field and what it should be', () => {
    const problems = schemaOnly(yaml('competency: X', 'id: x', 'summary:', 'questions:', ...GOOD_QUESTION));
    assert.equal(problems.length, 1);
    assert.equal(problems[0].on, 'summary');
    assert.equal(problems[0].message, '`summary` is empty; it should be text.');
  });

  test('a bad id is reported on the id, with a kebab-case suggestion', () => {
    const problems = schemaOnly(yaml('competency: X', 'id: Service Orientation', 'summary: S', 'questions:', ...GOOD_QUESTION));
    assert.equal(problems.length, 1);
    assert.equal(problems[0].on, 'Service Orientation');
    assert.match(problems[0].message, /for example `service-orientation`/);
  });

  test('nested paths: the second question\'s third follow-up', () => {
    const second = ['  - id: second', '    text: Describe a situation.', '    areas_to_cover: [A]', '    follow_ups:', '      - One?', '      - Two?', '      - [not, text]'];
    const problems = schemaOnly(competency(...GOOD_QUESTION, ...second));
    assert.equal(problems.length, 1);
    assert.equal(problems[0].line, 15);
    assert.equal(problems[0].on, '[not, text]');
    assert.equal(problems[0].message, '`follow_ups item 3` should be text, not a list.');
  });

  test('flow style: an unknown key inside a flow mapping', () => {
    const problems = schemaOnly(competency('  - { id: q, text: Tell me., areas_to_cover: [a], follow_ups: [b], minuts: 5 }'));
    assert.equal(problems.length, 1);
    assert.equal(problems[0].on, 'minuts');
    assert.match(problems[0].message, /Did you mean `minutes`/);
  });

  test('anchors and aliases: a problem in an anchored value is reported where it is written', () => {
    const text = yaml(
      ...HEAD,
      'questions:',
      '  - id: first',
      '    text: Tell me about a time.',
      '    areas_to_cover: &areas [A]',
      '    follow_ups: &probes',
      '      - 12',
      '  - id: second',
      '    text: Describe a situation.',
      '    areas_to_cover: *areas',
      '    follow_ups: *probes',
    );
    const problems = schemaOnly(text);
    assert.ok(problems.length >= 1);
    assert.ok(problems.every((p) => p.on === '12' && p.line === 9), JSON.stringify(problems));
  });

  test('comments do not move ranges', () => {
    const text = yaml('# A competency', ...HEAD, '# questions follow', 'questions: # the bank', '  # first', ...GOOD_QUESTION.slice(0, 3), '    follow_up: [x] # typo');
    const problems = schemaOnly(text);
    assert.deepEqual(problems.map((p) => [p.line, p.on]), [[11, 'follow_up']]);
  });

  test('CRLF line endings: same lines, same words', () => {
    const text = competency(...GOOD_QUESTION.slice(0, 3), '    follow_up: [Why?]').replace(/\n/g, '\r\n');
    const problems = schemaOnly(text);
    assert.deepEqual(problems.map((p) => [p.line, p.on]), [[8, 'follow_up']]);
  });

  test('enum values get a did-you-mean', () => {
    const problems = schemaOnly(competency(...GOOD_QUESTION).replace('questions:', 'review:\n  status: aproved\nquestions:'));
    assert.equal(problems.length, 1);
    assert.equal(problems[0].on, 'aproved');
    assert.match(problems[0].message, /one of: draft, in-review, approved\. Did you mean `approved`\?/);
  });

  test('rating scale scores must ascend and be unique', () => {
    const text = competency(...GOOD_QUESTION).replace(
      'questions:',
      'rating_scale:\n  - { score: 1, label: a }\n  - { score: 3, label: b }\n  - { score: 3, label: c }\nquestions:',
    );
    const problems = schemaOnly(text);
    assert.equal(problems.length, 1);
    assert.equal(problems[0].line, 7);
    assert.match(problems[0].message, /score 3 is used twice/);
  });

  test('an empty questions list needs at least one question', () => {
    const problems = schemaOnly(yaml(...HEAD, 'questions: []'));
    assert.equal(problems.length, 1);
    assert.equal(problems[0].on, '[]');
    assert.equal(problems[0].message, '`questions` needs at least 1 question.');
  });

  test('guide files are checked against the guide schema', () => {
    const text = yaml('guide: Onsite', 'id: onsite', 'sections:', '  - competency: service-orientation', '    questions: [frustrated-user]', '    minutes: 0', 'duraton_minutes: 60');
    const problems = schemaOnly(text, 'guide');
    // The misspelled key is one mistake: reported as a rename, not also as a missing `duration_minutes`.
    assert.deepEqual(
      problems.map((p) => [p.line, p.on]),
      [
        [6, '0'],
        [7, 'duraton_minutes'],
      ],
    );
    assert.match(problems[0].message, /`minutes` must be at least 1/);
    assert.match(problems[1].message, /Did you mean `duration_minutes`/);
    const missing = schemaOnly(text.replace('duraton_minutes: 60\n', ''), 'guide');
    assert.deepEqual(missing.map((p) => [p.line, p.on]), [[1, 'guide'], [6, '0']]);
    assert.match(missing[0].message, /missing `duration_minutes`/);
  });

  test('a file that is not a mapping gets one clear problem', () => {
    const problems = schemaOnly('- just\n- a list\n');
    assert.equal(problems.length, 1);
    assert.match(problems[0].message, /should be a set of keys and values, not a list/);
  });
});
