import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { isAlias, isCollection, isMap, isPair, isScalar, parseAllDocuments as yamlParseAllDocuments, type Document, type YAMLError } from 'yaml';
import { PARSE_OPTIONS } from '../../server/src/core/yamlDocument';
import { parseAllDocuments } from '../../server/src/core/yamlParse';
import { REPO_ROOT } from '../helpers/lspClient';
import { seededRandom } from '../helpers/random';

type Parsed = readonly Document.Parsed[] & { empty?: boolean; errors?: YAMLError[]; warnings?: YAMLError[] };

/** Everything of a parse the checks, the outline and the quick fixes read: every node, range, comment and error. */
function described(parse: () => Parsed): string {
  let documents;
  try {
    documents = parse();
  } catch (error) {
    return `throws ${(error as Error).constructor.name}`;
  }
  const errors = (list: readonly YAMLError[] | undefined) => (list ?? []).map((e) => [e.code, e.pos, e.message]);
  return JSON.stringify({
    empty: documents.empty,
    errors: errors(documents.errors),
    warnings: errors(documents.warnings),
    documents: documents.map((document) => ({
      contents: node(document.contents),
      errors: errors(document.errors),
      warnings: errors(document.warnings),
      range: document.range,
      comments: [document.commentBefore, document.comment],
      directivesEnd: document.directives?.docStart,
    })),
  });
}

function node(value: unknown): unknown {
  if (value === null || value === undefined) return value;
  if (isPair(value)) return ['pair', node(value.key), node(value.value)];
  if (isScalar(value)) return ['scalar', value.value, value.range, value.type, value.source, value.tag, value.anchor, value.comment, value.commentBefore, value.spaceBefore];
  if (isAlias(value)) return ['alias', value.source, value.range];
  if (isCollection(value)) {
    return [isMap(value) ? 'map' : 'seq', value.range, value.flow, value.tag, value.anchor, value.comment, value.commentBefore, value.spaceBefore, value.items.map(node)];
  }
  return ['other', String(value)];
}

/** Yaml 2's own parse, whole. */
const yaml2 = (text: string) => yamlParseAllDocuments(text, PARSE_OPTIONS) as Parsed;

const hasErrors = (documents: Parsed) =>
  !!documents.errors?.length || documents.some((document) => document.errors.length > 0);

function yamlFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.ya?ml$/.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

const CORPUS = [path.join(REPO_ROOT, 'examples'), path.join(REPO_ROOT, 'test', 'fixtures'), path.join(REPO_ROOT, 'test', 'fuzz', 'reproducers')].flatMap(yamlFiles);

test('every example, fixture and fuzz reproducer parses to the same documents as yaml 2 alone gives', () => {
  assert.ok(CORPUS.length > 30, `only ${CORPUS.length} files found`);
  for (const file of CORPUS) {
    const text = readFileSync(file, 'utf8');
    const own = described(() => yaml2(text));
    // Nesting deep enough to overflow yaml 2's parser never reaches either: parseYaml reports it first.
    if (own.startsWith('throws')) continue;
    assert.equal(described(() => parseAllDocuments(text, PARSE_OPTIONS)), own, path.relative(REPO_ROOT, file));
  }
});

test('a comment or directive ending in a lone \\r, U+2028 or U+2029 parses (as yaml 2 alone parses it)', () => {
  for (const text of ['# note\rcompetency: A\n', '%YAML 1.2\r---\na: 1\n', '# a\u2028b: 1\n', 'a: 1\n# b\u2029c: 2\n', 'a: b\rc: d\r']) {
    assert.equal(described(() => parseAllDocuments(text, PARSE_OPTIONS)), described(() => yaml2(text)), JSON.stringify(text));
  }
});

test('thousands of edits: the same documents as yaml 2 alone gives where it finds no error, and errors wherever it finds them', () => {
  const sources = yamlFiles(path.join(REPO_ROOT, 'examples')).map((file) => readFileSync(file, 'utf8'));
  const inserted = [' ', '\n', '\t', '\r', '\u2028', '\u2029', ':', '- ', ': ', '?', '#', '"', "'", '[', ']', '{', '}', ',', '&a ', '*a', '!', '!!str ', '|', '>-', '%', '@', '`', '\\', 'x', '\r\n', '---\n', '...\n', '  ', '\u00e9', '\ufeff'];
  const rng = seededRandom(3);
  let clean = 0;
  let broken = 0;
  for (let round = 0; round < 4000; round++) {
    let text = rng.pick(sources);
    for (let edits = 1 + rng.int(3); edits > 0; edits--) {
      const at = rng.int(text.length + 1);
      const kind = rng.next();
      if (kind < 0.45) text = text.slice(0, at) + rng.pick(inserted) + text.slice(at);
      else if (kind < 0.8) text = text.slice(0, at) + text.slice(at + 1 + rng.int(6));
      else {
        const from = rng.int(text.length);
        text = text.slice(0, at) + text.slice(from, from + rng.int(40)) + text.slice(at);
      }
    }
    const theirs = yaml2(text);
    const ours = parseAllDocuments(text, PARSE_OPTIONS);
    if (!hasErrors(theirs)) {
      clean++;
      assert.equal(described(() => ours), described(() => theirs), JSON.stringify(text));
    } else {
      // Yaml 3's parser recovers from some broken lines differently (other errors, other nodes); the file is still
      // reported broken, never passed.
      broken++;
      assert.ok(hasErrors(ours), `yaml 2 finds errors, this parse none: ${JSON.stringify(text)}`);
    }
  }
  assert.ok(clean > 1000 && broken > 1000, `${clean} clean and ${broken} broken texts`);
});
