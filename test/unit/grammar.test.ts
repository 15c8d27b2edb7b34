// Tokenizes sample lines with the two TextMate grammars, as VS Code does, and checks the scopes of chosen
// tokens, so a grammar change that breaks highlighting fails here.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';

const root = fileURLToPath(new URL('../../', import.meta.url));

const grammarFiles = {
  'source.yaml.competency': 'syntaxes/competency-yaml.tmLanguage.json',
  'source.yaml.interview-guide': 'syntaxes/interview-guide-yaml.tmLanguage.json',
} as const;
type ScopeName = keyof typeof grammarFiles;

const grammars = new Map<ScopeName, textmate.IGrammar>();

before(async () => {
  await oniguruma.loadWASM(readFileSync(root + 'node_modules/vscode-oniguruma/release/onig.wasm'));
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text: string) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async (scopeName: string) => {
      // Only our own grammars resolve: a grammar that tried to include source.yaml would fail to load.
      const file = grammarFiles[scopeName as ScopeName];
      return file ? textmate.parseRawGrammar(readFileSync(root + file, 'utf8'), root + file) : null;
    },
  });
  for (const scopeName of Object.keys(grammarFiles) as ScopeName[]) {
    const grammar = await registry.loadGrammar(scopeName);
    assert.ok(grammar, `${scopeName} loads`);
    grammars.set(scopeName, grammar);
  }
});

interface Token {
  line: number;
  text: string;
  scopes: string[];
}

function tokenize(scopeName: ScopeName, source: string): Token[] {
  const grammar = grammars.get(scopeName)!;
  const tokens: Token[] = [];
  let state = textmate.INITIAL;
  source.split('\n').forEach((lineText, line) => {
    const result = grammar.tokenizeLine(lineText, state);
    for (const token of result.tokens) {
      tokens.push({ line, text: lineText.slice(token.startIndex, token.endIndex), scopes: token.scopes });
    }
    state = result.ruleStack;
  });
  return tokens;
}

/** The token whose text is exactly `text` (the `nth` such token), failing with the line's tokens if absent. */
function token(tokens: Token[], text: string, nth = 0): Token {
  const found = tokens.filter((t) => t.text === text)[nth];
  if (!found) {
    const candidates = tokens.filter((t) => t.text.includes(text)).map((t) => `${JSON.stringify(t.text)} ${t.scopes.join(' ')}`);
    assert.fail(`no token ${JSON.stringify(text)}; tokens containing it:\n${candidates.join('\n') || '(none)'}`);
  }
  return found;
}

function assertScopes(found: Token, expected: string[], absent: string[] = []): void {
  for (const scope of expected) {
    assert.ok(found.scopes.includes(scope), `${JSON.stringify(found.text)} has ${scope}; got ${found.scopes.join(' ')}`);
  }
  for (const scope of absent) {
    assert.ok(!found.scopes.includes(scope), `${JSON.stringify(found.text)} lacks ${scope}; got ${found.scopes.join(' ')}`);
  }
}

const TAG = 'entity.name.tag.yaml';
const COMPETENCY_KEY = 'keyword.other.key.competency';
const GUIDE_KEY = 'keyword.other.key.interview-guide';
const COMMENT = 'comment.line.number-sign.yaml';
const DIRECTIVE = 'meta.directive.competency-lint';
const DIRECTIVE_KEYWORD = 'keyword.control.directive.competency-lint';
const BLOCK = 'string.unquoted.block.yaml';

const competencySample = `# A sample competency.
competency: Service Orientation   # display name
id: service-orientation
sumary: misspelled key
duration_minutes: 60
tags: [customer, "quoted \\"tag\\"", 'it''s']
rating_scale:
  - { score: 1, label: Strong no, anchor: No example }
review: &review
  status: approved
  published: true
  owner: ~
base: *review
questions:
  # competency-lint-disable-next-line protected-topic -- bona fide requirement: commercial driver licence
  - id: frustrated-user
    text: >-
      Tell me about a time: you helped a user # still text
      who was frustrated.
    areas_to_cover:
      - How they read the user's state
    follow_up:
      - What told you?
    minutes: 12
  - |
    literal item body
  - !custom tagged
# competency-lint-disable not-behavioral
---
...`;

describe('competency grammar (source.yaml.competency)', () => {
  let tokens: Token[];
  before(() => {
    tokens = tokenize('source.yaml.competency', competencySample);
  });

  test('marks the format keys, including keys in list items and flow mappings', () => {
    assertScopes(token(tokens, 'competency'), [TAG, COMPETENCY_KEY]);
    assertScopes(token(tokens, 'id'), [TAG, COMPETENCY_KEY]);
    assertScopes(token(tokens, 'text'), [TAG, COMPETENCY_KEY]);
    assertScopes(token(tokens, 'areas_to_cover'), [TAG, COMPETENCY_KEY]);
    assertScopes(token(tokens, 'score'), [TAG, COMPETENCY_KEY, 'meta.flow.mapping.yaml']);
  });

  test('scopes unknown keys as plain mapping keys', () => {
    assertScopes(token(tokens, 'sumary'), [TAG], [COMPETENCY_KEY]);
    assertScopes(token(tokens, 'follow_up'), [TAG], [COMPETENCY_KEY]);
    assertScopes(token(tokens, 'published'), [TAG], [COMPETENCY_KEY]);
  });

  test('does not mark the keys of guide files', () => {
    assertScopes(token(tokens, 'duration_minutes'), [TAG], [COMPETENCY_KEY, GUIDE_KEY]);
  });

  test('scopes comments, whole-line and trailing', () => {
    assertScopes(token(tokens, ' A sample competency.'), [COMMENT], [DIRECTIVE]);
    assertScopes(token(tokens, ' display name'), [COMMENT]);
    assertScopes(token(tokens, '#'), [COMMENT, 'punctuation.definition.comment.yaml']);
  });

  test('scopes lint directive comments', () => {
    assertScopes(token(tokens, 'competency-lint-disable-next-line'), [COMMENT, DIRECTIVE, DIRECTIVE_KEYWORD]);
    assertScopes(token(tokens, 'protected-topic'), [COMMENT, DIRECTIVE]);
    assertScopes(token(tokens, '--'), [COMMENT, DIRECTIVE]);
    assertScopes(token(tokens, 'competency-lint-disable'), [COMMENT, DIRECTIVE, DIRECTIVE_KEYWORD]);
    assertScopes(token(tokens, 'not-behavioral'), [COMMENT, DIRECTIVE]);
  });

  test('scopes quoted strings and their escapes', () => {
    assertScopes(token(tokens, 'quoted '), ['string.quoted.double.yaml', 'meta.flow.sequence.yaml']);
    assertScopes(token(tokens, '\\"'), ['string.quoted.double.yaml', 'constant.character.escape.yaml']);
    assertScopes(token(tokens, "''"), ['string.quoted.single.yaml', 'constant.character.escape.single-quoted.yaml']);
  });

  test('scopes block scalar bodies until the indentation drops back', () => {
    assertScopes(token(tokens, '>'), ['keyword.control.flow.block-scalar.folded.yaml']);
    assertScopes(token(tokens, 'Tell me about a time: you helped a user # still text'), [BLOCK], [TAG, COMMENT]);
    assertScopes(token(tokens, 'who was frustrated.'), [BLOCK]);
    assertScopes(token(tokens, 'How they read the user\'s state'), ['string.unquoted.plain.out.yaml'], [BLOCK]);
    assertScopes(token(tokens, 'literal item body'), [BLOCK]);
  });

  test('scopes plain scalars, numbers, booleans and null', () => {
    assertScopes(token(tokens, 'Service Orientation'), ['string.unquoted.plain.out.yaml']);
    assertScopes(token(tokens, 'No example'), ['string.unquoted.plain.in.yaml']);
    assertScopes(token(tokens, '12'), ['constant.numeric.integer.yaml']);
    assertScopes(token(tokens, '1'), ['constant.numeric.integer.yaml']);
    assertScopes(token(tokens, 'true'), ['constant.language.boolean.yaml']);
    assertScopes(token(tokens, '~'), ['constant.language.null.yaml']);
  });

  test('scopes anchors, aliases, tags, dashes, brackets and document markers', () => {
    assertScopes(token(tokens, 'review', 1), ['entity.name.type.anchor.yaml']);
    assertScopes(token(tokens, 'review', 2), ['variable.other.alias.yaml']);
    assertScopes(token(tokens, 'custom'), ['storage.type.tag.yaml']);
    assertScopes(token(tokens, '-'), ['punctuation.definition.block.sequence.item.yaml']);
    assertScopes(token(tokens, '['), ['punctuation.definition.sequence.begin.yaml']);
    assertScopes(token(tokens, '{'), ['punctuation.definition.mapping.begin.yaml']);
    assertScopes(token(tokens, '---'), ['entity.other.document.begin.yaml']);
    assertScopes(token(tokens, '...'), ['entity.other.document.end.yaml']);
  });
});

const guideSample = `guide: IT Support Specialist, onsite
id: it-support-onsite
summary: not a guide key
duration_minutes: 60
intro: >-
  Score each competency on your own.
sections:
  - competency: service-orientation
    questions: [frustrated-user, explain-without-jargon]   # 12 + 8 minutes
    minutes: 25
# competency-lint-disable over-time
closing: |
  Leave 10 minutes for questions.`;

describe('guide grammar (source.yaml.interview-guide)', () => {
  let tokens: Token[];
  before(() => {
    tokens = tokenize('source.yaml.interview-guide', guideSample);
  });

  test('marks the guide keys only', () => {
    assertScopes(token(tokens, 'guide'), [TAG, GUIDE_KEY]);
    assertScopes(token(tokens, 'duration_minutes'), [TAG, GUIDE_KEY]);
    assertScopes(token(tokens, 'competency'), [TAG, GUIDE_KEY]);
    assertScopes(token(tokens, 'summary'), [TAG], [GUIDE_KEY, COMPETENCY_KEY]);
  });

  test('scopes values, comments and block scalars', () => {
    assertScopes(token(tokens, '60'), ['constant.numeric.integer.yaml']);
    assertScopes(token(tokens, 'frustrated-user'), ['meta.flow.sequence.yaml', 'string.unquoted.plain.in.yaml']);
    assertScopes(token(tokens, ' 12 + 8 minutes'), [COMMENT]);
    assertScopes(token(tokens, 'competency-lint-disable'), [COMMENT, DIRECTIVE, DIRECTIVE_KEYWORD]);
    assertScopes(token(tokens, 'Score each competency on your own.'), [BLOCK]);
    assertScopes(token(tokens, 'Leave 10 minutes for questions.'), [BLOCK]);
    assertScopes(token(tokens, 'sections'), [TAG, GUIDE_KEY], [BLOCK]);
  });
});

describe('grammar files', () => {
  const read = (file: string) => JSON.parse(readFileSync(root + file, 'utf8'));
  const competency = read(grammarFiles['source.yaml.competency']);
  const guide = read(grammarFiles['source.yaml.interview-guide']);

  /** The key names listed in a grammar's `key-name` rule. */
  const grammarKeys = (grammar: any): string[] => {
    const match: string = grammar.repository['key-name'].patterns[0].match;
    return /^\(\?:(.*)\)\$$/.exec(match)![1].split('|').sort();
  };

  /** Every property name a schema declares, at any depth. */
  const schemaKeys = (schema: unknown, names = new Set<string>()): string[] => {
    if (schema && typeof schema === 'object') {
      const properties = (schema as { properties?: object }).properties;
      if (properties) Object.keys(properties).forEach((name) => names.add(name));
      Object.values(schema).forEach((value) => schemaKeys(value, names));
    }
    return [...names].sort();
  };

  test('list exactly the keys of their schema', () => {
    assert.deepEqual(grammarKeys(competency), schemaKeys(read('schemas/competency.schema.json')));
    assert.deepEqual(grammarKeys(guide), schemaKeys(read('schemas/guide.schema.json')));
  });

  test('are self-contained and differ only in name and keys', () => {
    const strip = (grammar: any) => {
      const text = JSON.stringify({ ...grammar, name: '', scopeName: '', repository: { ...grammar.repository, 'key-name': null } });
      assert.ok(!/"include":\s*"source\./.test(text), 'no include of another grammar');
      return JSON.parse(text);
    };
    assert.deepEqual(strip(competency), strip(guide));
  });

  test('scope every token of the example files', () => {
    const examples = ['examples', 'examples/broken'].flatMap((dir) =>
      readdirSync(root + dir)
        .filter((name) => /\.(competency|guide)\.ya?ml$/.test(name))
        .map((name) => `${dir}/${name}`),
    );
    assert.ok(examples.length >= 4, 'examples found');
    for (const file of examples) {
      const scopeName: ScopeName = file.includes('.guide.') ? 'source.yaml.interview-guide' : 'source.yaml.competency';
      const unscoped = tokenize(scopeName, readFileSync(root + file, 'utf8')).filter(
        (t) => t.text.trim() !== '' && t.scopes.length === 1,
      );
      assert.deepEqual(unscoped.map((t) => `${file}:${t.line + 1} ${JSON.stringify(t.text)}`), []);
    }
  });
});
