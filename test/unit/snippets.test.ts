// Expands every snippet with its default values and checks that the result is a valid file of its kind,
// so a snippet that produces broken YAML or a schema error fails here rather than in a user's editor.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Ajv, { type ValidateFunction } from 'ajv';
import { parseDocument } from 'yaml';

const root = fileURLToPath(new URL('../../', import.meta.url));
const readJson = (relativePath: string): unknown => JSON.parse(readFileSync(root + relativePath, 'utf8'));

// ---------------------------------------------------------------------------------------------
// A small expander for the VS Code snippet syntax used by our snippet files: tab stops ($1, ${1}),
// placeholders (${1:default}, nested), choices (${1|a,b|}), transforms (${1/regex/format/flags})
// and escapes (\$, \}, \\). Each tab stop takes its placeholder's default text, or its first choice;
// a transform is applied to that text, as VS Code does when the user accepts the default.

type SnippetNode =
  | { kind: 'text'; value: string }
  | { kind: 'tabstop'; index: number; placeholder?: SnippetNode[]; choices?: string[]; transform?: Transform };

interface Transform {
  regex: string;
  format: string;
  flags: string;
}

class SnippetSyntaxError extends Error {}

function parseSnippet(source: string): SnippetNode[] {
  let pos = 0;

  function parseNodes(insidePlaceholder: boolean): SnippetNode[] {
    const nodes: SnippetNode[] = [];
    let text = '';
    const flush = () => {
      if (text) nodes.push({ kind: 'text', value: text });
      text = '';
    };
    while (pos < source.length) {
      const ch = source[pos];
      if (ch === '\\' && pos + 1 < source.length && '$}\\'.includes(source[pos + 1])) {
        text += source[pos + 1];
        pos += 2;
      } else if (ch === '}' && insidePlaceholder) {
        break;
      } else if (ch === '$' && /[0-9]/.test(source[pos + 1] ?? '')) {
        flush();
        const digits = /^[0-9]+/.exec(source.slice(pos + 1))![0];
        pos += 1 + digits.length;
        nodes.push({ kind: 'tabstop', index: Number(digits) });
      } else if (ch === '$' && source[pos + 1] === '{' && /[0-9]/.test(source[pos + 2] ?? '')) {
        flush();
        nodes.push(parseBraced());
      } else if (ch === '$' && /[A-Za-z_{]/.test(source[pos + 1] ?? '')) {
        throw new SnippetSyntaxError(`variables are not supported by this expander (at ${pos}): ${source}`);
      } else {
        text += ch;
        pos += 1;
      }
    }
    flush();
    return nodes;
  }

  // At `${<digits>`: a tab stop, placeholder, choice or transform.
  function parseBraced(): SnippetNode {
    const digits = /^[0-9]+/.exec(source.slice(pos + 2))![0];
    const index = Number(digits);
    pos += 2 + digits.length;
    const next = source[pos];
    if (next === '}') {
      pos += 1;
      return { kind: 'tabstop', index };
    }
    if (next === ':') {
      pos += 1;
      const placeholder = parseNodes(true);
      expect('}');
      return { kind: 'tabstop', index, placeholder };
    }
    if (next === '|') {
      pos += 1;
      const choices: string[] = [];
      let current = '';
      while (pos < source.length && !(source[pos] === '|' && source[pos + 1] === '}')) {
        if (source[pos] === '\\' && ',|\\$}'.includes(source[pos + 1] ?? '')) {
          current += source[pos + 1];
          pos += 2;
        } else if (source[pos] === ',') {
          choices.push(current);
          current = '';
          pos += 1;
        } else {
          current += source[pos];
          pos += 1;
        }
      }
      choices.push(current);
      expect('|}');
      return { kind: 'tabstop', index, choices };
    }
    if (next === '/') {
      pos += 1;
      const regex = readUntilSlash(false);
      const format = readUntilSlash(true);
      const flags = /^[a-z]*/.exec(source.slice(pos))![0];
      pos += flags.length;
      expect('}');
      return { kind: 'tabstop', index, transform: { regex, format, flags } };
    }
    throw new SnippetSyntaxError(`unexpected ${JSON.stringify(next)} after \${${index} in: ${source}`);
  }

  // Reads up to the next unescaped `/`; `\/` becomes `/`, other escapes are kept for the regex or format.
  // In a format, `/` may also appear inside `${1:/downcase}`, so braces are skipped whole.
  function readUntilSlash(isFormat: boolean): string {
    let value = '';
    while (pos < source.length && source[pos] !== '/') {
      if (isFormat && source.startsWith('${', pos)) {
        const end = source.indexOf('}', pos);
        if (end < 0) break;
        value += source.slice(pos, end + 1);
        pos = end + 1;
      } else if (source[pos] === '\\' && source[pos + 1] === '/') {
        value += '/';
        pos += 2;
      } else if (source[pos] === '\\' && pos + 1 < source.length) {
        value += source.slice(pos, pos + 2);
        pos += 2;
      } else {
        value += source[pos];
        pos += 1;
      }
    }
    expect('/');
    return value;
  }

  function expect(token: string): void {
    if (!source.startsWith(token, pos)) {
      throw new SnippetSyntaxError(`expected ${JSON.stringify(token)} at ${pos} in: ${source}`);
    }
    pos += token.length;
  }

  const nodes = parseNodes(false);
  if (pos !== source.length) throw new SnippetSyntaxError(`unbalanced "}" at ${pos} in: ${source}`);
  return nodes;
}

/** Applies a transform's format string (`$1`, `${1:/downcase}`, `${1:+if}`, `${1:?if:else}`, `${1:-else}`). */
function formatMatch(format: string, groups: (string | undefined)[]): string {
  return format.replace(
    /\\([\\$/])|\$([0-9]+)|\$\{([0-9]+)(?::(\/(?:upcase|downcase|capitalize|camelcase|pascalcase))|:\+([^}]*)|:\?([^:}]*):([^}]*)|:-?([^}]*))?\}/g,
    (_whole, escaped?: string, bare?: string, braced?: string, modifier?: string, ifText?: string, thenText?: string, elseText?: string, defaultText?: string) => {
      if (escaped !== undefined) return escaped;
      const value = groups[Number(bare ?? braced)] ?? '';
      if (modifier === '/upcase') return value.toUpperCase();
      if (modifier === '/downcase') return value.toLowerCase();
      if (modifier === '/capitalize') return value.charAt(0).toUpperCase() + value.slice(1);
      if (modifier === '/camelcase' || modifier === '/pascalcase') {
        const words = value.split(/[^A-Za-z0-9]+/).filter(Boolean);
        const joined = words.map((w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase()).join('');
        return modifier === '/camelcase' ? joined.charAt(0).toLowerCase() + joined.slice(1) : joined;
      }
      if (ifText !== undefined) return value ? ifText : '';
      if (thenText !== undefined) return value ? thenText : (elseText ?? '');
      if (defaultText !== undefined) return value || defaultText;
      return value;
    },
  );
}

function applyTransform(value: string, transform: Transform): string {
  const regex = new RegExp(transform.regex, transform.flags);
  return value.replace(regex, (...args: unknown[]) => {
    // The replacer receives the match, then the groups, then the numeric offset.
    const groups = args.slice(0, args.findIndex((arg) => typeof arg === 'number')) as (string | undefined)[];
    return formatMatch(transform.format, groups);
  });
}

/** Expands a snippet body as if the user pressed Tab through every stop, accepting each default. */
function expandSnippet(body: string): string {
  const nodes = parseSnippet(body);
  const values = new Map<number, string>();

  // The first placeholder or choice for an index gives the value that all its mirrors show.
  const collect = (list: SnippetNode[]): void => {
    for (const node of list) {
      if (node.kind !== 'tabstop') continue;
      if (node.placeholder) {
        collect(node.placeholder);
        if (!values.has(node.index)) values.set(node.index, render(node.placeholder));
      } else if (node.choices && !values.has(node.index)) {
        values.set(node.index, node.choices[0]);
      }
    }
  };
  const render = (list: SnippetNode[]): string =>
    list
      .map((node) => {
        if (node.kind === 'text') return node.value;
        const value = values.get(node.index) ?? '';
        return node.transform ? applyTransform(value, node.transform) : value;
      })
      .join('');

  collect(nodes);
  return render(nodes);
}

describe('snippet expander', () => {
  test('uses defaults, first choices and mirrors', () => {
    assert.equal(expandSnippet('a: ${1:one} b: $1 c: ${2|x,y|} d: ${3} e: $0'), 'a: one b: one c: x d:  e: ');
  });

  test('resolves nested placeholders and escapes', () => {
    assert.equal(expandSnippet('${1:outer ${2:inner}} \\$ \\} \\\\'), 'outer inner $ } \\');
  });

  test('applies transforms to the placeholder default', () => {
    assert.equal(expandSnippet('${1:Hello World} ${1/(\\w+) (\\w+)/${2:/upcase}-${1:/downcase}/}'), 'Hello World WORLD-hello');
    assert.equal(expandSnippet('${1:ab} ${1/(x)|(a)/${1:+X}${2:?A:-}/g}'), 'ab Ab');
  });

  test('rejects malformed snippets', () => {
    assert.throws(() => expandSnippet('${1:unclosed'), SnippetSyntaxError);
    assert.throws(() => expandSnippet('${1|a,b}'), SnippetSyntaxError);
  });
});

// ---------------------------------------------------------------------------------------------

interface SnippetDefinition {
  prefix: string | string[];
  body: string | string[];
  description?: string;
}

type Kind = 'competency' | 'guide';

interface Case {
  /** Where to insert the snippet: `<snippet>` marks the cursor, alone on its line or after indentation. */
  host: string;
  kind: Kind;
  check?: (data: any) => void;
}

const competencyHost = (after: string) =>
  [
    'competency: Host',
    'id: host',
    'summary: A competency that holds the snippet under test.',
    'questions:',
    after,
  ].join('\n');

const hostQuestion = (inside: string) =>
  competencyHost(
    [
      '  - id: host-question',
      '    text: Tell me about a time you helped a colleague with a problem.',
      `    ${inside}`,
    ].join('\n'),
  );

/** Every snippet prefix, the file it is tested in and what the expanded result must contain. */
const cases: Record<Kind, Record<string, Case>> = {
  competency: {
    competency: {
      host: '<snippet>',
      kind: 'competency',
      check: (data) => {
        assert.equal(data.competency, 'Competency Name');
        assert.equal(data.id, 'competency-name', 'the id is derived from the name');
        assert.equal(data.questions.length, 1);
        assert.ok(data.questions[0].areas_to_cover.length >= 1);
        assert.ok(data.questions[0].follow_ups.length >= 1);
      },
    },
    question: {
      host: competencyHost('  <snippet>'),
      kind: 'competency',
      check: (data) => {
        assert.equal(data.questions.length, 1);
        assert.equal(data.questions[0].areas_to_cover.length, 2);
        assert.equal(data.questions[0].follow_ups.length, 2);
      },
    },
    areas: {
      host: hostQuestion('<snippet>'),
      kind: 'competency',
      check: (data) => assert.equal(data.questions[0].areas_to_cover.length, 2),
    },
    'follow-ups': {
      host: hostQuestion('<snippet>'),
      kind: 'competency',
      check: (data) => assert.equal(data.questions[0].follow_ups.length, 2),
    },
    faq: {
      host: [
        competencyHost('  - id: host-question\n    text: Tell me about a time you helped a colleague.'),
        'faq:',
        '  <snippet>',
      ].join('\n'),
      kind: 'competency',
      check: (data) => {
        assert.equal(data.faq.length, 1);
        assert.equal(typeof data.faq[0].answer, 'string');
      },
    },
  },
  guide: {
    guide: {
      host: '<snippet>',
      kind: 'guide',
      check: (data) => {
        assert.equal(data.id, 'role-stage', 'the id is derived from the title');
        assert.equal(data.duration_minutes, 60);
        assert.equal(data.sections.length, 1);
      },
    },
    section: {
      host: ['guide: Host', 'id: host', 'duration_minutes: 60', 'sections:', '  <snippet>'].join('\n'),
      kind: 'guide',
      check: (data) => {
        assert.equal(data.sections.length, 1);
        assert.deepEqual(data.sections[0].questions, ['question-id']);
      },
    },
  },
};

/** Inserts text as VS Code does: lines after the first get the indentation of the cursor's line. */
function insertSnippet(host: string, text: string): string {
  const lines = host.split('\n');
  const at = lines.findIndex((line) => line.includes('<snippet>'));
  assert.ok(at >= 0, 'host has a <snippet> marker');
  const indentation = /^\s*/.exec(lines[at])![0];
  const [first, ...rest] = text.split('\n');
  lines.splice(at, 1, lines[at].replace('<snippet>', first), ...rest.map((line) => indentation + line));
  return lines.join('\n') + '\n';
}

const ajv = new Ajv({ allErrors: true, strict: false });
const validators: Record<Kind, ValidateFunction> = {
  competency: ajv.compile(readJson('schemas/competency.schema.json') as object),
  guide: ajv.compile(readJson('schemas/guide.schema.json') as object),
};

const snippetFiles: Record<Kind, string> = { competency: 'snippets/competency.json', guide: 'snippets/guide.json' };

for (const kind of ['competency', 'guide'] as const) {
  describe(snippetFiles[kind], () => {
    const snippets = readJson(snippetFiles[kind]) as Record<string, SnippetDefinition>;

    test('has exactly the expected prefixes', () => {
      const prefixes = Object.values(snippets).flatMap((snippet) => snippet.prefix);
      assert.deepEqual([...prefixes].sort(), Object.keys(cases[kind]).sort());
    });

    for (const [name, snippet] of Object.entries(snippets)) {
      const prefix = ([] as string[]).concat(snippet.prefix)[0];
      test(`"${prefix}" expands to a valid ${kind} file`, () => {
        const body = ([] as string[]).concat(snippet.body).join('\n');
        assert.ok(snippet.description && snippet.description.trim(), `${name} has a description`);
        assert.ok(!body.includes('\t'), `${name}: YAML indentation must not use tabs`);
        assert.ok(/\$0(?![0-9])/.test(body), `${name} ends at $0`);

        const testCase = cases[kind][prefix];
        assert.ok(testCase, `no test case for prefix "${prefix}"`);
        const text = insertSnippet(testCase.host, expandSnippet(body));
        const doc = parseDocument(text);
        assert.deepEqual(
          [...doc.errors, ...doc.warnings].map((e) => e.message),
          [],
          `YAML problems in:\n${text}`,
        );
        const data = doc.toJS();
        const validate = validators[testCase.kind];
        assert.ok(validate(data), `schema errors ${JSON.stringify(validate.errors, null, 2)} in:\n${text}`);
        testCase.check?.(data);
      });
    }
  });
}
