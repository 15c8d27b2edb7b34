import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { REVEAL_LINE_COMMAND, SHOW_PREVIEW_TO_SIDE_COMMAND as SHOW_PREVIEW_COMMAND } from '../../../common/protocol';
import { duration, findCodeLenses } from '../../../server/src/features/codeLens';
import { indexOf, lines, parsed } from './caret';
import { FILES, ONSITE, ONSITE_URI } from './workspaceFixture';

const INDEX = indexOf(FILES);

function lenses(uri: string, text: string, questionMinutes = 12, followUpsMin = 1) {
  const document = TextDocument.create(uri, 'yaml', 0, text);
  return findCodeLenses(parsed(uri, text), document, { index: INDEX, questionMinutes, followUpsMin }).map((lens) => ({
    line: lens.range.start.line,
    title: lens.command!.title,
    command: lens.command!.command,
    arguments: lens.command!.arguments,
  }));
}

function bank(count: number, withoutFollowUps: number[]): string {
  const out = ['competency: Big', 'id: big', 'summary: S', 'questions:'];
  for (let i = 0; i < count; i++) {
    out.push(`  - id: q-${i}`, `    text: Tell me about a time number ${i}.`);
    if (!withoutFollowUps.includes(i)) out.push('    follow_ups: [Why?]');
  }
  return lines(...out);
}

describe('code lens', () => {
  test('above questions: the bank size, the questions without follow-ups, the planned time', () => {
    const uri = 'file:///bank/big.competency.yaml';
    const result = lenses(uri, bank(15, [4, 9]));
    assert.deepEqual(result.map((l) => l.title), ['15 questions', '2 without follow-ups', '~3 h planned']);
    assert.ok(result.every((l) => l.line === 3));
    assert.deepEqual(result[0].arguments, [uri, 3]);
    assert.equal(result[0].command, SHOW_PREVIEW_COMMAND);
    // The first question without follow-ups starts on line 4 + 4 questions * 3 lines.
    assert.deepEqual([result[1].command, result[1].arguments], [REVEAL_LINE_COMMAND, [uri, 16]]);
  });

  test('question minutes and the follow-ups minimum come from the config; no lens for zero', () => {
    const text = lines('questions:', '  - id: a', '    text: T', '    minutes: 5', '    follow_ups: [x]');
    assert.deepEqual(lenses('file:///a.competency.yaml', text).map((l) => l.title), ['1 question', '~5 min planned']);
    assert.deepEqual(lenses('file:///a.competency.yaml', text, 12, 2).map((l) => l.title), ['1 question', '1 without follow-ups', '~5 min planned']);
    assert.deepEqual(lenses('file:///a.competency.yaml', lines('competency: X')), []);
  });

  test('a guide: the total against the slot above the guide, the planned minutes above each section', () => {
    const result = lenses(ONSITE_URI, ONSITE);
    assert.deepEqual(
      result.map((l) => `${l.line}: ${l.title}`),
      ['0: 35 min planned · 5 over the 30-minute slot', '4: 2 questions · 20 min planned', '6: 1 question · 15 min (section minutes)'],
    );
    assert.deepEqual(result[1].arguments, [ONSITE_URI, 4]);
    const fits = lenses(ONSITE_URI, ONSITE.replace('duration_minutes: 30', 'duration_minutes: 60'));
    assert.equal(fits[0].title, '35 of 60 min planned');
  });

  test('a section without chosen questions plans all of them; an unknown competency its chosen ones', () => {
    const text = lines('guide: G', 'sections:', '  - competency: resourcefulness', '  - competency: nope', '    questions: [a, b]');
    assert.deepEqual(lenses('file:///g.guide.yaml', text).map((l) => l.title), ['48 min planned', '2 questions · 24 min planned', '2 questions · 24 min planned']);
  });

  test('durations', () => {
    assert.deepEqual([45, 89, 90, 170, 180, 200].map(duration), ['45 min', '89 min', '1.5 h', '3 h', '3 h', '3.5 h']);
  });
});
