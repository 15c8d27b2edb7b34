import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { isAlias, isMap, isPair, isScalar, isSeq } from 'yaml';
import { BY_QUESTION_MIN_LENGTH, parseBankYaml, parseByQuestion } from '../../server/src/core/incremental/questionWiseParse';
import { parseYaml, type ParsedYaml } from '../../server/src/core/yamlDocument';
import { seededRandom } from '../helpers/random';

const examples = path.join(__dirname, '..', '..', 'examples');
const exampleTexts = readdirSync(examples)
  .filter((name) => name.endsWith('.competency.yaml'))
  .map((name) => ({ name, text: readFileSync(path.join(examples, name), 'utf8') }));

/** Every node of a tree as plain data: kind, ranges, values as read and as written, tags, anchors, flow style. */
function nodes(node: unknown, out: unknown[] = []): unknown[] {
  if (node === null || node === undefined) out.push(node ?? null);
  else if (isPair(node)) {
    out.push('pair');
    nodes(node.key, out);
    nodes(node.value, out);
  } else if (isScalar(node)) out.push(['scalar', node.range, node.value, node.type, node.source, node.tag, node.anchor]);
  else if (isAlias(node)) out.push(['alias', node.range, node.source]);
  else if (isMap(node) || isSeq(node)) {
    out.push([isMap(node) ? 'map' : 'seq', node.range, node.flow, node.tag, node.anchor, node.items.length]);
    for (const item of node.items) nodes(item, out);
  } else out.push(['other', String(node)]);
  return out;
}

function readable(parsed: ParsedYaml) {
  return { problems: parsed.syntaxProblems, data: parsed.data, range: parsed.document.range, tree: nodes(parsed.document.contents) };
}

/** Asserts that a question-wise parse, where there is one, is the whole parse; says whether there was one. */
function sameAsWhole(text: string, label: string): boolean {
  const byQuestion = parseByQuestion(text) !== undefined;
  assert.deepEqual(readable(parseYaml(text, { byQuestion: parseByQuestion })), readable(parseYaml(text)), `${label}:\n${text}`);
  return byQuestion;
}

const INSERTS = [
  'a', ' ', '  ', 'x: y', ': ', '#', ' # note', '"', "'", '- ', '\n', '\n  ', '\n    ', '\n- ', '\n  - ', '\n  - id: new\n', '\n      - more\n',
  '[', ']', '{', '}', '? ', '&a ', '*a', '!!str ', '\t', '\r\n', '\r', '|\n', '>-\n', '\n---\n', '\n...\n', '\nquestions:\n', '\n# comment\n', 'questions:',
];

test('a file parsed a few questions at a time reads exactly as when parsed whole, or is parsed whole', () => {
  let byQuestion = 0;
  let total = 0;
  for (const [n, { name, text: original }] of exampleTexts.entries()) {
    assert.ok(sameAsWhole(original, name), `${name} is read question by question`);
    const rng = seededRandom(900 + n);
    for (let variant = 0; variant < 400; variant++) {
      let text = original;
      for (let edits = 1 + rng.int(3); edits > 0; edits--) {
        const at = rng.int(text.length + 1);
        const removed = rng.next() < 0.3 ? rng.int(8) : 0;
        text = text.slice(0, at) + rng.pick(INSERTS) + text.slice(Math.min(at + removed, text.length));
      }
      total++;
      if (sameAsWhole(text, `${name}, variant ${variant}`)) byQuestion++;
    }
  }
  // Many edits break the file or land outside the questions; a parse that always gave up would pass the rest.
  assert.ok(byQuestion > total / 4, `only ${byQuestion} of ${total} variants were read question by question`);
});

test('long files are read question by question unless anchors, aliases or a broken question stand in the way', () => {
  const { text: example } = exampleTexts[0];
  const listAt = example.indexOf('questions:\n') + 'questions:\n'.length;
  const listEnd = example.slice(listAt).search(/^\S/m);
  const questions = example.slice(listAt, listEnd === -1 ? undefined : listAt + listEnd);
  const long = (middle: string) => {
    const copies = Math.ceil(BY_QUESTION_MIN_LENGTH / questions.length) + 1;
    const items = Array.from({ length: copies }, (_, i) => questions.replace(/^(\s*- id: )(\S+)/gm, `$1$2-${i}`));
    items.splice(copies >> 1, 0, middle);
    return example.slice(0, listAt) + items.join('') + example.slice(listAt + questions.length);
  };
  const clean = long('');
  assert.ok(clean.length >= BY_QUESTION_MIN_LENGTH);
  assert.ok(sameAsWhole(clean, 'long file'), 'a clean long file is read question by question');
  assert.deepEqual(readable(parseBankYaml(clean)), readable(parseYaml(clean)));

  const anchored = long('  - id: anchored\n    text: &shared Tell me about a time.\n  - id: aliased\n    text: *shared\n');
  assert.equal(parseByQuestion(anchored), undefined, 'anchors and aliases are resolved by a whole parse');
  assert.deepEqual(readable(parseBankYaml(anchored)), readable(parseYaml(anchored)));

  const broken = long('  - id: broken\n    text: "never closed\n');
  assert.equal(parseByQuestion(broken), undefined, 'a question with a syntax error is reported by a whole parse');
  const whole = parseYaml(broken);
  assert.ok(whole.syntaxProblems.length > 0);
  assert.deepEqual(readable(parseBankYaml(broken)), readable(whole));

  const duplicate = long('  - id: twice\n    text: One.\n    text: Two.\n');
  assert.ok(parseByQuestion(duplicate) !== undefined, 'duplicate keys are found on the whole tree, as after a whole parse');
  assert.deepEqual(readable(parseBankYaml(duplicate)), readable(parseYaml(duplicate)));
  assert.ok(parseBankYaml(duplicate).syntaxProblems.some((problem) => /duplicate|twice|more than once/i.test(problem.message)));
});
