import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { defaultConfig, type RuleSetting } from '../../server/src/core/config';
import { runRules } from '../../server/src/core/lint';
import { buildModel } from '../../server/src/core/model';
import { notBehavioral } from '../../server/src/core/rules/not-behavioral';
import { classifyQuestion, type QuestionKind } from '../../server/src/core/text/questionForm';
import { parseYaml } from '../../server/src/core/yamlDocument';
import { show, yaml } from '../helpers/problems';

type Labelled = [text: string, kind: QuestionKind];

/** Questions the rule reports: not about past behavior. */
const REPORTED: Labelled[] = [
  ['What would you do if a user called you shouting about a lost file?', 'hypothetical'],
  ['How would you handle a VIP who demands to skip the queue?', 'hypothetical'],
  ['Imagine the mail server goes down on a Monday morning. What is your first step?', 'hypothetical'],
  ['Suppose two managers give you conflicting priorities for the same afternoon.', 'hypothetical'],
  ['If you were the team lead, how would you split the on-call rota?', 'hypothetical'],
  ["Let's say a user deletes a shared folder. How do you get it back?", 'hypothetical'],
  ['What if the nightly backup fails three nights in a row?', 'hypothetical'],
  ['If a user reports a phishing email, what do you do first?', 'hypothetical'],
  ['As the on-call engineer, what would you do if the database went down?', 'hypothetical'],
  ['Given a P1 outage at 2am what would you do first?', 'hypothetical'],
  ['What steps would you take to set up a laptop for a new starter?', 'hypothetical'],
  ['Walk me through how you would troubleshoot a printer that will not print.', 'hypothetical'],
  ["Describe the steps you'd take to unlock an executive's account.", 'hypothetical'],
  ['Tell me what you would do if a user shared their password with you.', 'hypothetical'],
  ['So, what would you do next?', 'hypothetical'],
  ['Scenario: a user calls about a slow laptop. What do you check first?', 'hypothetical'],
  ['  "What would you do if the VPN failed for everyone?"', 'hypothetical'],
  ['Have you ever had to deliver bad news to a user?', 'yes-no'],
  ['Do you enjoy working with frustrated customers?', 'yes-no'],
  ['Are you comfortable with on-call work?', 'yes-no'],
  ['Can you work under pressure?', 'yes-no'],
  ['Would you escalate a ticket you could not solve within an hour?', 'yes-no'],
  ['Did you ever document a recurring fix?', 'yes-no'],
  ['Is it important to follow up after closing a ticket?', 'yes-no'],
  ['*Have you ever* broken production?', 'yes-no'],
  ['Do you remember a time when you had to say no?', 'yes-no'],
  ['Are there times when you skip the checklist?', 'yes-no'],
  ['In your current job, do you write the knowledge base articles?', 'yes-no'],
  ["Don't you agree that users should read the FAQ first?", 'leading'],
  ["Wouldn't you say documentation is the most important part of support?", 'leading'],
  ["Isn't it true that most tickets are user error?", 'leading'],
  ["You'd agree that patience matters in this job?", 'leading'],
  ["You always follow up with users, don't you?", 'leading'],
  ['Documentation matters, right?', 'leading'],
  ['Surely you have handled angry users before?', 'leading'],
  ['Would you agree that a good tech never needs to escalate?', 'leading'],
  ['\u201CDon\u2019t you think the user was to blame?\u201D', 'leading'],
];

/** Questions the rule leaves alone. */
const NOT_REPORTED: Labelled[] = [
  ['Tell me about a time you helped a user who was frustrated with a technical issue.', 'behavioral'],
  ['Describe a situation where you had to say no to a user.', 'behavioral'],
  ['Share an example of a process you improved.', 'behavioral'],
  ['Walk me through the last escalation you handled.', 'behavioral'],
  ['Give me an example of a time you went beyond the ticket.', 'behavioral'],
  ['Think of a time you disagreed with a teammate. What happened?', 'behavioral'],
  ['Recall a time when you missed a deadline.', 'behavioral'],
  ['What did you do when a user would not accept your fix?', 'behavioral'],
  ['How did you keep a user informed during a long outage?', 'behavioral'],
  ['Our users are busy. Tell me about a time you saved one of them an hour.', 'behavioral'],
  [
    'Tell me about a time you helped a user who was frustrated, and what you would do differently if it happened again.',
    'behavioral',
  ],
  ['Describe a time you had to choose between two urgent tickets. What would you do if it happened today?', 'behavioral'],
  ['   **Tell me about a time** you calmed an angry caller.', 'behavioral'],
  ['_Describe a situation_ where a fix you made broke something else.', 'behavioral'],
  ['"Share an example of feedback you acted on."', 'behavioral'],
  ['Can you tell me about a time you had to learn a new tool quickly?', 'behavioral'],
  ['Could you walk me through a ticket you are proud of?', 'behavioral'],
  ['When was the last time you had to escalate a ticket to a vendor?', 'behavioral'],
  ["What was the hardest bug you've fixed?", 'behavioral'],
  ['In your last role, how did you prioritize tickets?', 'behavioral'],
  ["I'd like to hear about a time you taught a user something new.", 'behavioral'],
  ['If you have ever rolled back a change, tell me about it.', 'behavioral'],
  ['How many tickets have you closed in a single day?', 'behavioral'],
  ['Why did you choose support as a career?', 'behavioral'],
  ['Have a think about a time you turned a complaint around.', 'behavioral'],
  ['We rely on handovers between shifts.\n\nTell me about a handover that went wrong.', 'behavioral'],
  ['1. Walk me through an outage you led, e.g. the last one.', 'behavioral'],
  ['What would you do differently next time?', 'other'],
  ['How would you describe your approach to documentation?', 'other'],
  ['What could you have done better?', 'other'],
  ['Tell me about yourself.', 'other'],
  ['How do you handle stress?', 'other'],
  ['What is your greatest strength?', 'other'],
];

describe('classifyQuestion: questions not about past behavior', () => {
  for (const [text, kind] of REPORTED) {
    test(`${kind}: ${text.trim()}`, () => {
      assert.equal(classifyQuestion(text).kind, kind);
    });
  }
});

describe('classifyQuestion: behavioral questions and others the rule leaves alone', () => {
  for (const [text, kind] of NOT_REPORTED) {
    test(`${kind}: ${text.trim().replace(/\s+/g, ' ')}`, () => {
      assert.equal(classifyQuestion(text).kind, kind);
    });
  }
});

test('the labelled sets are big enough to mean something', () => {
  assert.ok(REPORTED.length >= 25, `${REPORTED.length} reported`);
  assert.ok(NOT_REPORTED.length >= 25, `${NOT_REPORTED.length} not reported`);
  assert.ok(REPORTED.length + NOT_REPORTED.length >= 60);
});

test('classifyQuestion names the words that gave the form away', () => {
  assert.deepEqual(classifyQuestion('What would you do if the VPN failed?'), { kind: 'hypothetical', cue: 'What would you do if' });
  assert.deepEqual(classifyQuestion('Have you ever broken production?'), { kind: 'yes-no', cue: 'Have you ever' });
  assert.deepEqual(classifyQuestion("Don't you agree that tests matter?"), { kind: 'leading', cue: "Don't you agree" });
  assert.deepEqual(classifyQuestion('Tests matter, right?'), { kind: 'leading', cue: ', right?' });
  assert.deepEqual(classifyQuestion(''), { kind: 'other' });
});

// --- The rule through the engine ---------------------------------------------------------------------------------

const BANK = yaml(
  'competency: Problem Solving',
  'id: problem-solving',
  'summary: S',
  'questions:',
  '  - id: hypothetical',
  '    text: What would you do if the VPN went down?',
  '    areas_to_cover: [A]',
  '    follow_ups:',
  '      - Did it work?',
  '      - What would you do if it failed again? # a comment',
  "      - Don't you agree that was risky?",
  '  - id: block',
  '    text: >-',
  '',
  '      Have you ever had to tell a user',
  '      their data was gone?',
  '    areas_to_cover: [A]',
  '    follow_ups: [Why?]',
  '  - id: behavioral',
  '    text: Tell me about a time you fixed a problem nobody else could.',
  '    areas_to_cover: [A]',
  '    follow_ups: [What would you change now?]',
);

/** Lints with the rule alone; `setting` is what `.competency-lint.yaml` would give it. */
function lint(text: string, setting?: RuleSetting) {
  const parsed = parseYaml(text);
  const config = setting ? { ...defaultConfig, rules: { 'not-behavioral': setting } } : defaultConfig;
  const problems = runRules({ kind: 'competency', parsed, model: buildModel(parsed, 'competency'), config }, [notBehavioral]);
  return show(text, problems);
}

describe('not-behavioral through the engine', () => {
  test('reports question texts at info severity, on the text, and leaves follow-ups alone by default', () => {
    const problems = lint(BANK);
    assert.deepEqual(
      problems.map((p) => [p.line, p.on, p.severity]),
      [
        [6, 'What would you do if the VPN went down?', 'info'],
        [15, 'Have you ever had to tell a user', 'info'],
      ],
    );
    assert.equal(
      problems[0].message,
      'This is a hypothetical question ("What would you do if…"); ask about past behavior instead: "Tell me about a time when…"',
    );
    assert.equal(
      problems[1].message,
      'This is a yes/no question ("Have you ever…"); ask about past behavior instead: "Tell me about a time when…"',
    );
  });

  test('check_follow_ups reports hypothetical and leading follow-ups, never yes/no ones', () => {
    const problems = lint(BANK, { severity: 'warning', options: { check_follow_ups: true } });
    assert.deepEqual(
      problems.map((p) => [p.line, p.on, p.severity]),
      [
        [6, 'What would you do if the VPN went down?', 'warning'],
        [10, 'What would you do if it failed again?', 'warning'],
        [11, "Don't you agree that was risky?", 'warning'],
        [15, 'Have you ever had to tell a user', 'warning'],
      ],
    );
    assert.match(problems[1].message, /^This follow-up is a hypothetical question/);
    assert.match(problems[2].message, /^This follow-up is a leading question \("Don't you agree…"\)/);
  });

  test('a check_follow_ups that is not true keeps follow-ups exempt', () => {
    for (const value of [false, 'yes please', 'true', 1, [true], null]) {
      const problems = lint(BANK, { severity: 'info', options: { check_follow_ups: value } });
      assert.deepEqual(problems.map((p) => p.line), [6, 15], String(value));
    }
  });

  test('switched off, it reports nothing', () => {
    assert.deepEqual(lint(BANK, { severity: 'off', options: {} }), []);
  });

  test('quoted and multi-line plain texts are reported on their first line', () => {
    const text = yaml(
      'competency: X',
      'id: x',
      'summary: S',
      'questions:',
      '  - id: one',
      '    text: "Are you comfortable',
      '      with on-call work?"',
      '    areas_to_cover: [A]',
      '    follow_ups: [B]',
      '  - id: two',
      '    text: |',
      '      Imagine a printer that only fails on Mondays.',
      '      Where do you start?',
      '    areas_to_cover: [A]',
      '    follow_ups: [B]',
    );
    assert.deepEqual(
      lint(text).map((p) => [p.line, p.on]),
      [
        [6, '"Are you comfortable'],
        [12, 'Imagine a printer that only fails on Mondays.'],
      ],
    );
  });

  test('a missing or empty text reports nothing and does not throw', () => {
    const text = yaml('competency: X', 'id: x', 'summary: S', 'questions:', '  - id: one', '    text:', '  - id: two', '  - text: ""');
    assert.deepEqual(lint(text), []);
  });
});
