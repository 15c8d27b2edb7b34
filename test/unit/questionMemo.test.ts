import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { defaultConfig } from '../../server/src/core/config';
import { ParseCache } from '../../server/src/core/parseCache';
import type { Problem } from '../../server/src/core/problem';
import { renderHtml } from '../../server/src/core/render';
import { QuestionMemo } from '../../server/src/core/render/questionMemo';
import { WorkspaceChecker } from '../../server/src/core/workspace/workspaceChecker';
import { WorkspaceIndex } from '../../server/src/core/workspace/workspaceIndex';
import { RenderMemos, renderGuide } from '../../server/src/features/renderGuide';
import { REPO_ROOT } from '../helpers/lspClient';
import { seededRandom } from '../helpers/random';

const EXAMPLES = path.join(REPO_ROOT, 'examples');

/** The file's problems as the editor has them, the workspace rules (duplicates within the file) included. */
function problemsOf(uri: string, text: string): readonly Problem[] {
  const checker = new WorkspaceChecker();
  checker.update(uri, text, { lint: true, config: defaultConfig });
  return checker.problems(uri);
}

/** Counts the questions a render copied from the memo: their sections carry no children in the view. */
function countingMemo(): { memo: QuestionMemo; reused: () => number } {
  const memo = new QuestionMemo();
  let reused = 0;
  const reusable = memo.reusable.bind(memo);
  memo.reusable = (text, place) => {
    const html = reusable(text, place);
    if (html !== undefined) reused++;
    return html;
  };
  return { memo, reused: () => reused };
}

test('the preview of a file edited hundreds of times, copying unchanged questions, is the page a fresh render writes', () => {
  const files = readdirSync(EXAMPLES).filter((name) => name.endsWith('.competency.yaml'));
  // Keystrokes in question text mostly, then what breaks or moves things: line breaks, list items, aliases and
  // anchors, indentation, quotes and text that trips the lint rules (a hypothetical, a protected topic).
  const typed = ['a', 'e', ' ', 'x', ',', '.', '?', 'Tell me about', ' How old are you?', ' What would you do?'];
  const structural = ['\n', '\n      ', '\n      - more\n', '- ', ': ', '#', ' # note', '"', "'", '*', ' *a', ' &a', '&b ', '\t', '[', '{', '  '];
  let reused = 0;
  let versions = 0;
  for (const [n, name] of files.entries()) {
    const rng = seededRandom(700 + n);
    const original = readFileSync(path.join(EXAMPLES, name), 'utf8');
    const uri = `file:///bank/${name}`;
    const cache = new ParseCache();
    const counting = countingMemo();
    let text = original;
    for (let version = 1; version <= 250; version++) {
      if (rng.next() < 0.03) text = original;
      else {
        const questions = text.indexOf('questions:');
        const at = questions >= 0 && rng.next() < 0.9 ? questions + rng.int(text.length - questions + 1) : rng.int(text.length + 1);
        const removed = rng.next() < 0.3 ? rng.int(4) : 0;
        const inserted = rng.next() < 0.8 ? rng.pick(typed) : rng.pick(structural);
        text = text.slice(0, at) + inserted + text.slice(Math.min(at + removed, text.length));
      }
      const entry = cache.get(uri, version, text)!;
      const problems = problemsOf(uri, text);
      const fresh = renderHtml({ text, kind: 'competency', uri, problems }).html;
      const copied = renderHtml({ text, kind: 'competency', uri, problems, parsed: entry.parsed, model: entry.model, memo: counting.memo }).html;
      assert.equal(copied, fresh, `${name}, version ${version}:\n${text}`);
      versions++;
    }
    reused += counting.reused();
  }
  // Renders copy questions: the memo is in use, not bypassed.
  assert.ok(reused > versions, `only ${reused} questions copied over ${versions} renders`);
});

const BANK = (first: string, second: string, third = 'Describe a time you had to learn a new tool quickly.') => `competency: Learning
id: learning
summary: |
  Learns fast.
questions:
  - id: q1
    text: ${first}
    areas_to_cover: [How they learned]
    follow_ups: [What would you do differently?]
  - id: q2
    text: ${second}
    areas_to_cover: [How they learned]
    follow_ups: [What would you do differently?]
  - id: q3
    text: ${third}
    areas_to_cover: [How they learned]
    follow_ups: [What would you do differently?]
`;

test('a question whose source did not change is written again when its problems, line or number change', () => {
  const memos = new RenderMemos();
  const uri = 'file:///bank/learning.competency.yaml';
  const render = (text: string) => {
    const problems = problemsOf(uri, text);
    const source = { uri, text, index: new WorkspaceIndex(), questionMinutes: 12 };
    const html = renderGuide(source, problems, memos).html;
    assert.equal(html, renderGuide(source, problems).html, text);
    return html;
  };
  const q3 = 'Tell me about a time you fixed a printer for a whole floor.';
  render(BANK('Tell me about a time you learned a new system.', 'Tell me about a time you taught a colleague.', q3));
  // Question 2 now repeats question 3: question 3's source is the same, but it gains a duplicate-question problem.
  const duplicated = render(BANK('Tell me about a time you learned a new system.', q3, q3));
  assert.match(duplicated, /data-rule="duplicate-question"/);
  // A line above: every question after it moves down a line.
  const moved = render(BANK('Tell me about a time you learned a new system.\n      It was hard.', q3, q3));
  assert.match(moved, /<h3 data-line="14">Question 3/);
  // The first question gone: the others are numbered anew.
  const renumbered = render(BANK('', q3, q3).replace(/ {2}- id: q1\n(.*\n){3}/, ''));
  assert.match(renumbered, /Question 2</);
  assert.doesNotMatch(renumbered, /Question 3</);
});

test('a question reading an alias shows the anchor’s new text though its own source is the same', () => {
  const memos = new RenderMemos();
  const uri = 'file:///bank/aliases.competency.yaml';
  const bank = (shared: string) => `competency: Aliases
id: aliases
summary: &shared ${shared}
questions:
  - id: q1
    text: *shared
    areas_to_cover: [One]
    follow_ups: [Two?]
`;
  const render = (text: string) => renderGuide({ uri, text, index: new WorkspaceIndex(), questionMinutes: 12 }, [], memos).html;
  assert.match(render(bank('Tell me about a time you were first to notice an outage.')), /first to notice an outage/);
  const again = render(bank('Tell me about a time you stayed late to finish a migration.'));
  assert.match(again, /<p data-line="5">Tell me about a time you stayed late to finish a migration\.<\/p>/);
});

test('the preview keeps the questions of the last few files it rendered, and lets go of the rest', () => {
  const memos = new RenderMemos(2);
  const a = memos.of('file:///a.competency.yaml');
  memos.of('file:///b.competency.yaml');
  assert.equal(memos.of('file:///a.competency.yaml'), a, 'a file rendered again finds its memo');
  memos.of('file:///c.competency.yaml');
  assert.equal(memos.of('file:///a.competency.yaml'), a, 'the file rendered longest ago (b) went first');
  assert.notEqual(memos.of('file:///b.competency.yaml'), undefined);
  memos.forget('file:///a.competency.yaml');
  assert.notEqual(memos.of('file:///a.competency.yaml'), a, 'a closed file starts afresh');
});
