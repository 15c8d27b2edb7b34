import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { defaultConfig, type RuleSetting } from '../../server/src/core/config';
import { applyEdits, replaceScalar } from '../../server/src/core/edits';
import { runRules } from '../../server/src/core/lint';
import { buildModel } from '../../server/src/core/model';
import type { Problem } from '../../server/src/core/problem';
import { protectedTopic } from '../../server/src/core/rules/protected-topic';
import { findProtectedTopic, protectedTopicsByLocale, topicsForLocale, withoutLookarounds } from '../../server/src/core/text/protectedTopics';
import { parseYaml } from '../../server/src/core/yamlDocument';
import { show, yaml } from '../helpers/problems';

/** Texts that ask about a protected topic, with the topic each must be reported as. */
const ASKS: [text: string, topic: string][] = [
  ['How old are you?', 'age'],
  ["What's your date of birth?", 'age'],
  ['When were you born?', 'age'],
  ['Are you over 50?', 'age'],
  ['When do you plan to retire?', 'age'],
  ['What year did you graduate?', 'graduation-year'],
  ['When did you finish high school?', 'graduation-year'],
  ['Are you married?', 'marital-status'],
  ['What does your husband do?', 'marital-status'],
  ['What is your maiden name?', 'marital-status'],
  ['Whether they are married', 'marital-status'],
  ['Do you have children?', 'family-status'],
  ['Who looks after your kids?', 'family-status'],
  ['How many kids do you have?', 'family-status'],
  ['Do you have reliable childcare?', 'family-status'],
  ['Are you pregnant or planning a family?', 'pregnancy'],
  ['Do you plan to have kids soon?', 'pregnancy'],
  ['What church do you attend?', 'religion'],
  ['Will you need time off for religious holidays?', 'religion'],
  ['Do you celebrate Christmas?', 'religion'],
  ['Are you Muslim?', 'religion'],
  ['Where are you originally from?', 'national-origin'],
  ['Where were you born?', 'national-origin'],
  ['What is your nationality?', 'national-origin'],
  ['What kind of name is that?', 'national-origin'],
  ['Are you a US citizen?', 'citizenship'],
  ['Are you a U.S. citizen?', 'citizenship'],
  ['Do you have a green card?', 'citizenship'],
  ['Is English your first language?', 'native-language'],
  ['Where is your accent from?', 'native-language'],
  ['Are you a native English speaker?', 'native-language'],
  ['Do you have any disabilities?', 'disability'],
  ['Are you disabled?', 'disability'],
  ['How is your health?', 'health'],
  ['Have you ever been hospitalized?', 'health'],
  ['How many sick days did you take last year?', 'health'],
  ['Are you taking any medication?', 'medication'],
  ['What medications are you on?', 'medication'],
  ["Have you ever filed a workers' comp claim?", 'workers-comp'],
  ['Have you ever been injured on the job?', 'workers-comp'],
  ['How tall are you?', 'height-weight'],
  ['How much do you weigh?', 'height-weight'],
  ['Have you ever been arrested?', 'arrest-record'],
  ['Do you have an arrest record?', 'arrest-record'],
  ['What was your salary at your last job?', 'salary-history'],
  ['How much do you make now?', 'salary-history'],
  ['What is your current salary?', 'salary-history'],
  ['What is your race?', 'race'],
  ['Are you gay?', 'sex'],
  ['Does heart disease run in your family?', 'genetic-information'],
  // Written the way people write: emphasis, curly quotes, areas to cover in the third person.
  ['Is English your *first language*?', 'native-language'],
  ['Have you ever filed a workers\u2019 comp claim?', 'workers-comp'],
  ['Marital status', 'marital-status'],
  ['Number of children', 'family-status'],
  ['Whether they have been arrested', 'arrest-record'],
];

/** Workplace and tech-support wording that must not be taken for a protected topic. */
const DOES_NOT_ASK: string[] = [
  'Tell me about a time you migrated our older ticketing system.',
  'Describe a religiously followed checklist you introduced.',
  "How did you debug the user's native app crash?",
  'Tell me about a family of products you supported.',
  'How did you monitor the health of the service?',
  'Walk me through how you linked a parent ticket to its children.',
  'How did you weight the options when choosing a tool?',
  'Tell me about a time a child process kept crashing.',
  'What did you do about the age of the backlog?',
  'Describe how you refactored a mature codebase.',
  'Tell me about a time you raced to fix an outage.',
  'How did you handle the national rollout of the new VPN?',
  'Tell me about a time you arrested the spread of the outage.',
  'Tell me about a time you found a race condition.',
  'Which Passport strategy did you use for login?',
  'What was the first language you learned to code in?',
  'Tell me about a time a teammate did not pull their weight.',
  'Describe a time you improved accessibility for people with disabilities.',
  'Tell me about a time you helped a user with a disability use a screen reader.',
  'How did you set the accent colour in the theme?',
  'Describe a time you found a memory leak in a child theme.',
  "Tell me about a time you handled a payroll ticket about an employee's salary.",
  'Tell me about a time you covered for a colleague on maternity leave.',
  'Tell me about a time you fixed disabled user accounts after a directory sync.',
  'Tell me about the health check you wrote for the print server.',
  'Tell me about a time you cleaned up aged tickets.',
  'How did you handle the religious war over tabs and spaces?',
  'Tell me about a time you were a good citizen in a shared codebase.',
  "How did you handle a ticket about a parent's account being locked?",
  'Tell me about a time you replaced a failed daughter board.',
  'Tell me about a time you set password age policies.',
  "Tell me about a time your team's health suffered from on-call load.",
  "Tell me about a time a user's husband called the helpdesk for her.",
  'Tell me about a time you helped a user whose native language was not English.',
  'Tell me about a time you reduced the weight of a page.',
  'How did you handle the migration of the birth date field?',
  'Tell me about a time you trained new hires during orientation.',
  'Tell me about a time you fixed a bug in the previous pay cycle.',
  'Which process ancestry did you trace to find the zombie?',
  'How did you fix the service health dashboard?',
  'Tell me about a time you helped a citizen developer with a Power App.',
  // The lawful alternatives the quick fixes offer must themselves pass.
  'What are your salary expectations for this role?',
  'Are you legally authorized to work in the US?',
  'Are you at least 18 years old?',
  'Can you perform the essential functions of this role, with or without reasonable accommodation?',
  'Have you ever been convicted of a crime related to the duties of this role?',
  'What languages do you speak, read or write fluently?',
  'What degrees or certifications do you hold?',
  'Are you able to work the schedule this role requires?',
  'Can you meet the schedule this role requires, including on-call hours?',
  'Can you meet the schedule this role requires, including shift hours?',
];

describe('findProtectedTopic: texts that ask about a protected topic', () => {
  for (const [text, topic] of ASKS) {
    test(`${topic}: ${text}`, () => {
      assert.equal(findProtectedTopic(text)?.topic.id, topic);
    });
  }
});

describe('findProtectedTopic: workplace wording that does not', () => {
  for (const text of DOES_NOT_ASK) {
    test(text, () => {
      const found = findProtectedTopic(text);
      assert.equal(found, undefined, found && `taken for ${found.topic.id} on "${found.matched}"`);
    });
  }
});

test('with its prefilter in place (built once enough texts were searched), every labelled text gets the same answer', () => {
  // A copy of the list has a cache of its own, so this one starts without a prefilter.
  const topics = [...protectedTopicsByLocale['en-US']];
  for (let i = 0; i < 500; i++) assert.equal(findProtectedTopic(`Tell me about incident ${i} on the service desk.`, topics), undefined);
  for (const [text, topic] of ASKS) assert.equal(findProtectedTopic(text, topics)?.topic.id, topic, text);
  for (const text of DOES_NOT_ASK) assert.equal(findProtectedTopic(text, topics), undefined, text);
});

test('the labelled sets are big enough to mean something', () => {
  assert.ok(ASKS.length >= 35, `${ASKS.length} that ask`);
  assert.ok(DOES_NOT_ASK.length >= 35, `${DOES_NOT_ASK.length} that do not`);
  assert.ok(ASKS.length + DOES_NOT_ASK.length >= 80);
});

describe('findProtectedTopic: alternatives and the topic table', () => {
  const alternatives: [text: string, alternative: string | undefined][] = [
    ['Are you a US citizen?', 'Are you legally authorized to work in the US?'],
    ['How old are you?', 'Are you at least 18 years old?'],
    ['Do you have children?', 'Are you able to work the schedule this role requires?'],
    ['Who looks after your kids when you are on call?', 'Can you meet the schedule this role requires, including on-call hours?'],
    ['Who takes care of your children during night shifts?', 'Can you meet the schedule this role requires, including shift hours?'],
    ['Have you ever been arrested?', 'Have you ever been convicted of a crime related to the duties of this role?'],
    ['Is English your first language?', 'What languages do you speak, read or write fluently?'],
    ['Do you have any disabilities?', 'Can you perform the essential functions of this role, with or without reasonable accommodation?'],
    ['How is your health?', 'Can you perform the essential functions of this role, with or without reasonable accommodation?'],
    ['What was your salary at your last job?', 'What are your salary expectations for this role?'],
    ['What year did you graduate?', 'What degrees or certifications do you hold?'],
    ['Will you need time off for religious holidays?', 'Are you able to work the schedule this role requires?'],
    ['What church do you attend?', undefined],
    ['Are you married?', undefined],
    ['Where are you originally from?', undefined],
  ];
  for (const [text, alternative] of alternatives) {
    test(`${text} -> ${alternative ?? 'no alternative'}`, () => {
      assert.equal(findProtectedTopic(text)?.alternative, alternative);
    });
  }

  test('when a text touches several topics, the one asked about first wins', () => {
    assert.equal(findProtectedTopic('Are you married, and do you have kids?')?.topic.id, 'marital-status');
    assert.equal(findProtectedTopic('Do you have kids, and are you married?')?.topic.id, 'family-status');
  });

  test('topics are grouped by locale; an unknown locale falls back to en-US', () => {
    assert.ok(protectedTopicsByLocale['en-US'].length > 10);
    assert.equal(topicsForLocale('en-US').locale, 'en-US');
    assert.equal(topicsForLocale('en_us').locale, 'en-US');
    for (const locale of ['xx-YY', '', undefined, 42, null, { en: true }]) {
      assert.equal(topicsForLocale(locale).topics, protectedTopicsByLocale['en-US'], String(locale));
    }
  });

  test('every topic id is unique and every pattern is a plain, stateless regular expression', () => {
    const topics = protectedTopicsByLocale['en-US'];
    assert.equal(new Set(topics.map((t) => t.id)).size, topics.length);
    for (const topic of topics) for (const pattern of topic.patterns) assert.ok(!pattern.global && !pattern.sticky, `${topic.id}: ${pattern}`);
    // Matching twice gives the same answer: nothing carries lastIndex between calls.
    assert.equal(findProtectedTopic('Do you have children?')?.topic.id, 'family-status');
    assert.equal(findProtectedTopic('Do you have children?')?.topic.id, 'family-status');
  });
});

// --- The rule through the engine ---------------------------------------------------------------------------------

/** Lints with the rule alone; `setting` is what `.competency-lint.yaml` would give it. */
function lint(text: string, setting?: RuleSetting): Problem[] {
  const parsed = parseYaml(text);
  const config = setting ? { ...defaultConfig, rules: { 'protected-topic': setting } } : defaultConfig;
  return runRules({ kind: 'competency', parsed, model: buildModel(parsed, 'competency'), config }, [protectedTopic]);
}

/** Applies the one fix of the one problem found, and returns the new text. */
function fixed(text: string): string {
  const problems = lint(text);
  assert.equal(problems.length, 1, `one problem expected, got ${problems.length}`);
  const fixes = problems[0].fixes ?? [];
  assert.equal(fixes.length, 1);
  assert.equal(fixes[0].safe, false, 'a reworded question is never applied without asking');
  return applyEdits(text, fixes[0].edits);
}

const HEAD = ['competency: Reliability', 'id: reliability', 'summary: S', 'questions:', '  - id: q'];
const TAIL = ['    areas_to_cover: [A] # areas', '    follow_ups: [B] # follow-ups', '  - id: after # kept', '    text: Tell me about a time. # kept'];

describe('protected-topic quick fixes keep everything outside the scalar byte for byte', () => {
  test('a plain scalar stays plain', () => {
    const text = yaml(...HEAD, '    text: Are you a US citizen?   # why we ask', ...TAIL);
    assert.equal(fixed(text), yaml(...HEAD, '    text: Are you legally authorized to work in the US?   # why we ask', ...TAIL));
  });

  test('a single-quoted scalar stays single-quoted', () => {
    const text = yaml(...HEAD, "    text: 'How old are you?' # age", ...TAIL);
    assert.equal(fixed(text), yaml(...HEAD, "    text: 'Are you at least 18 years old?' # age", ...TAIL));
  });

  test('a double-quoted scalar stays double-quoted', () => {
    const text = yaml(...HEAD, '    text: "What was your salary at your last job?"', ...TAIL);
    assert.equal(fixed(text), yaml(...HEAD, '    text: "What are your salary expectations for this role?"', ...TAIL));
  });

  test('a >- block scalar keeps its header and indentation', () => {
    const text = yaml(...HEAD, '    text: >-  # folded', '      Have you ever been', '      arrested?', ...TAIL);
    const result = fixed(text);
    assert.equal(
      result,
      yaml(...HEAD, '    text: >-  # folded', '      Have you ever been convicted of a crime related to the duties of this role?', ...TAIL),
    );
    assert.deepEqual(
      parseYaml(result).syntaxProblems.map((p) => p.message),
      [],
    );
  });

  test('a follow-up list item with a trailing comment keeps the comment and its neighbours', () => {
    const lines = (item: string) => [
      ...HEAD,
      '    text: Tell me about a time you covered a night shift.',
      '    areas_to_cover: [A]',
      '    follow_ups:',
      '      - How did you hand over?',
      `      - ${item} # asked by the panel`,
      '      - Who did you tell?',
    ];
    assert.equal(
      fixed(yaml(...lines('Is English your first language?'))),
      yaml(...lines('What languages do you speak, read or write fluently?')),
    );
  });

  test('replaceScalar and applyEdits agree with the fix the rule builds', () => {
    const text = yaml(...HEAD, '    text: Do you have children? # x', ...TAIL);
    const [problem] = lint(text);
    const start = text.indexOf('Do you');
    const range = { start, end: start + 'Do you have children?'.length };
    assert.deepEqual(problem.fixes?.[0].edits, [replaceScalar(text, range, 'Are you able to work the schedule this role requires?')]);
    assert.equal(problem.fixes?.[0].title, 'Replace with "Are you able to work the schedule this role requires?"');
  });

  test('in a flow list, an alternative with a comma is quoted so the list still reads back', () => {
    const text = yaml(...HEAD, '    text: Tell me about a time.', '    areas_to_cover: [A]', '    follow_ups: [Why?, Do you have any disabilities?, How?]');
    const result = fixed(text);
    const data = parseYaml(result).data as { questions: { follow_ups: string[] }[] };
    assert.deepEqual(data.questions[0].follow_ups, [
      'Why?',
      'Can you perform the essential functions of this role, with or without reasonable accommodation?',
      'How?',
    ]);
  });
});

describe('protected-topic through the engine', () => {
  const BANK = yaml(
    'competency: Reliability',
    'id: reliability',
    'summary: S',
    'questions:',
    '  - id: married',
    '    text: Are you married?',
    '    areas_to_cover:',
    '      - Their plan for on-call cover',
    '      - Whether they have children',
    '    follow_ups:',
    '      - How do you plan your week?',
    '      - Where is your accent from?',
    '  - id: block',
    '    text: >-',
    '      What church do you attend,',
    '      and which religious holidays do you keep?',
    '    areas_to_cover: [A]',
    '    follow_ups: [B]',
    '  - id: clean',
    '    text: Tell me about a time you checked the health of the service after a child process crashed.',
    '    areas_to_cover: [How they weighed the options]',
    '    follow_ups: [How old was the backlog?]',
  );

  test('reports texts, areas and follow-ups as warnings, one problem per scalar, on its first line of content', () => {
    const problems = show(BANK, lint(BANK));
    assert.deepEqual(
      problems.map((p) => [p.line, p.on, p.severity]),
      [
        [6, 'Are you married?', 'warning'],
        [9, 'Whether they have children', 'warning'],
        [12, 'Where is your accent from?', 'warning'],
        [15, 'What church do you attend,', 'warning'],
      ],
    );
    assert.equal(
      problems[0].message,
      'This asks about marital status, a protected characteristic: interviewers must not ask it. Remove it, or ask only about what the role itself requires.',
    );
    assert.match(problems[1].message, /^This asks about family status or childcare, a protected characteristic: interviewers must not ask it\. If the role needs to know, ask instead: "Are you able to work the schedule this role requires\?"$/);
    assert.match(problems[2].message, /native language or accent, which reveals national origin.*Ask it only if the role needs those languages\.$/);
  });

  test('a topic without a lawful alternative has no quick fix', () => {
    const [married] = lint(BANK);
    assert.equal(married.fixes, undefined);
  });

  test('the arrest alternative carries the local-law caveat', () => {
    const text = yaml(...HEAD, '    text: Have you ever been arrested?', ...TAIL);
    const [problem] = lint(text);
    assert.match(problem.message, /arrest record/);
    assert.match(problem.message, /ban-the-box/);
  });

  test('the locale option selects the topic list; an unknown one falls back to en-US without throwing', () => {
    const expected = lint(BANK).map((p) => p.range.start);
    for (const locale of ['en-US', 'fr-CA', 12, null, ['en-US']]) {
      const problems = lint(BANK, { severity: 'warning', options: { locale } });
      assert.deepEqual(problems.map((p) => p.range.start), expected, String(locale));
      assert.ok(problems.every((p) => p.ruleId === 'protected-topic'), 'no "rule failed" problem');
    }
  });

  test('severity comes from the config, and off reports nothing', () => {
    assert.deepEqual([...new Set(lint(BANK, { severity: 'error', options: {} }).map((p) => p.severity))], ['error']);
    assert.deepEqual(lint(BANK, { severity: 'off', options: {} }), []);
  });

  test('guide files are not checked', () => {
    const text = yaml('guide: G', 'id: g', 'duration_minutes: 30', 'intro: How old are you?', 'sections:', '  - competency: x');
    const parsed = parseYaml(text);
    assert.deepEqual(runRules({ kind: 'guide', parsed, model: buildModel(parsed, 'guide'), config: defaultConfig }, [protectedTopic]), []);
  });
});

test('the combined patterns drop lookarounds (they only narrow a match) and keep everything else', () => {
  assert.equal(withoutLookarounds('how old (are|were) you'), 'how old (are|were) you');
  assert.equal(withoutLookarounds('a(?=b)c(?!d(e))f(?<=g)h(?<!i)j'), 'acfhj');
  assert.equal(withoutLookarounds('(a=b)(?=c)d(<!e)'), '(a=b)d(<!e)');
  // A named group, an escaped parenthesis and a class are not lookarounds, whatever follows them.
  assert.equal(withoutLookarounds('(?<name>k)\\(?=l[(?=]m'), '(?<name>k)\\(?=l[(?=]m');
  for (const topic of topicsForLocale(undefined).topics) {
    for (const pattern of topic.patterns) assert.doesNotMatch(withoutLookarounds(pattern.source), /\(\?<?[=!]/, pattern.source);
  }
});
