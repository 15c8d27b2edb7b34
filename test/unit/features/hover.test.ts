import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fileKindOf } from '../../../server/src/core/fileKind';
import { doHover } from '../../../server/src/features/hover';
import { at, indexOf, lines } from './caret';
import { FILES, ONSITE, ONSITE_URI, SERVICE } from './workspaceFixture';

const COMPETENCY = 'file:///bank/test.competency.yaml';
const GUIDE = 'file:///bank/test.guide.yaml';
const INDEX = indexOf(FILES);

function hover(marked: string, uri = COMPETENCY): { text: string; on: string } | null {
  const { document, position } = at(marked, uri);
  const result = doHover(document, position, { kind: fileKindOf(uri)!, index: INDEX, ruleDocsBase: 'https://docs.example/rules' });
  if (!result) return null;
  const text = (result.contents as { value: string }).value;
  const on = result.range ? document.getText().slice(document.offsetAt(result.range.start), document.offsetAt(result.range.end)) : '';
  return { text, on };
}

describe('hover on keys: documentation from the schema', () => {
  test('a top-level key, anywhere on its name', () => {
    for (const marked of ['|summary: x\n', 'sum|mary: x\n', 'summary|: x\n']) {
      const result = hover(marked);
      assert.equal(result?.on, 'summary', marked);
      assert.match(result!.text, /^\*\*summary\*\* · required · Markdown text/);
      assert.match(result!.text, /What the competency is/);
    }
  });

  test('a key inside a question, in a list, in a flow mapping', () => {
    assert.match(hover(lines('questions:', '  - id: a', '    follow_u|ps: [x]'))!.text, /Probing questions/);
    assert.match(hover(lines('questions:', '  - i|d: a'))!.text, /unique in this file/);
    assert.match(hover(lines('rating_scale:', '  - { score: 1, lab|el: Strong no }'))!.text, /A short name for the score/);
    assert.match(hover(lines('review:', '  sta|tus: draft'))!.text, /one of draft, in-review, approved/);
  });

  test('the fixture competency: every key of the first question has documentation', () => {
    for (const key of ['id', 'text', 'areas_to_cover', 'follow_ups', 'minutes']) {
      const marked = SERVICE.replace(`    ${key}:`, `    ${key[0]}|${key.slice(1)}:`).replace(`  - ${key}:`, `  - ${key[0]}|${key.slice(1)}:`);
      assert.ok(hover(marked)?.text, key);
    }
  });

  test('nothing on unknown keys, values of plain text, block scalars, or blank space', () => {
    assert.equal(hover('folow_u|ps: x\n'), null);
    assert.equal(hover(lines('summary: >-', '  Some te|xt: here')), null);
    assert.equal(hover(lines('competency: Serv|ice')), null);
    assert.equal(hover('|\n'), null);
    assert.equal(hover(''.concat('  |  ', '\n')), null);
  });

  test('a file that does not parse still has key documentation', () => {
    assert.match(hover(lines('competency: "unclosed', 'questions:', '  - id: a', '  stray line', '    te|xt: x'))!.text, /The question as the interviewer asks it/);
    assert.match(hover(lines('\tbroken: tab', 'questions:', '  - id: a', '    minu|tes: 3'))!.text, /How many minutes/);
  });
});

describe('hover on guide references', () => {
  test('a section competency shows the competency name and summary', () => {
    const result = hover(ONSITE.replace('competency: service-orientation', 'competency: service-or|ientation'), GUIDE);
    assert.equal(result?.on, 'service-orientation');
    assert.match(result!.text, /\*\*Service Orientation\*\*/);
    assert.match(result!.text, /person with a problem/);
    assert.match(result!.text, /2 questions/);
  });

  test('a chosen question shows its text, areas and follow-ups (flow and block lists, quoted ids)', () => {
    const flow = hover(ONSITE.replace('[frustrated-user,', '[frustrated-u|ser,'), GUIDE);
    assert.equal(flow?.on, 'frustrated-user');
    assert.match(flow!.text, /helped a user who was frustrated/);
    assert.match(flow!.text, /\*\*Areas to cover\*\*\n- How they read the user's state/);
    assert.match(flow!.text, /\*\*Follow-ups\*\*\n- What told you/);
    const quoted = hover(ONSITE.replace('"explain-without-jargon"', '"explain-|without-jargon"'), GUIDE);
    assert.match(quoted!.text, /without jargon/);
    const block = hover(lines('sections:', '  - competency: resourcefulness', '    questions:', '      - unfamiliar-sys|tem'), GUIDE);
    assert.match(block!.text, /never seen/);
  });

  test('the same question id in another competency is that competency’s question', () => {
    const result = hover(lines('sections:', '  - competency: resourcefulness', '    questions: [frustrated-us|er]'), GUIDE);
    assert.match(result!.text, /missing tool/);
  });

  test('unknown ids have no hover; ids in competency files are not references', () => {
    assert.equal(hover(lines('sections:', '  - competency: nop|e'), GUIDE), null);
    assert.equal(hover(lines('sections:', '  - competency: resourcefulness', '    questions: [nop|e]'), GUIDE), null);
    assert.equal(hover(FILES[ONSITE_URI].replace('id: it-support-onsite', 'id: it-sup|port-onsite'), GUIDE), null);
  });
});

describe('hover in suppression comments', () => {
  test('a rule id shows the rule description, default severity and a link', () => {
    const result = hover('# competency-lint-disable-next-line missing-fol|low-ups -- reason\n');
    assert.equal(result?.on, 'missing-follow-ups');
    assert.match(result!.text, /warning by default/);
    assert.match(result!.text, /\(https:\/\/docs\.example\/rules\/missing-follow-ups\.md\)/);
  });

  test('the second of several ids, and an unknown id', () => {
    assert.match(hover('    # competency-lint-disable missing-follow-ups, dupli|cate-id\n')!.text, /duplicate-id/);
    assert.match(hover('# competency-lint-disable nope-ru|le\n')!.text, /Unknown rule id `nope-rule`/);
  });

  test('nothing on the reason or an ordinary comment', () => {
    assert.equal(hover('# competency-lint-disable-next-line missing-follow-ups -- rea|son\n'), null);
    assert.equal(hover('# just a com|ment\n'), null);
  });
});
