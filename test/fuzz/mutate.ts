/**
 * A seeded mutation engine for bank files: the same seed and case number always give the same text, so a failing
 * case can be replayed from its numbers alone. No Math.random anywhere.
 */
import { mulberry32 } from '../helpers/random';

/** Mixes a run seed and a case number into the seed of that case (so case 1234 needs no cases before it). */
export function caseSeed(seed: number, index: number): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ (index + 0x85ebca6b), 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x27d4eb2f) >>> 0;
  return (h ^ (h >>> 15)) >>> 0;
}

export class Rng {
  private readonly next: () => number;
  constructor(private readonly seed: number) {
    this.next = mulberry32(seed);
  }
  /** An independent generator from this one's seed: the same draws each time, whatever was drawn here since. */
  fork(): Rng {
    return new Rng(caseSeed(this.seed, 0x5eed));
  }
  /** In [0, 1). */
  float(): number {
    return this.next();
  }
  /** An integer in [0, n). */
  int(n: number): number {
    return n <= 0 ? 0 : Math.floor(this.next() * n);
  }
  /** An integer in [min, max]. */
  between(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((sum, [, weight]) => sum + weight, 0);
    let roll = this.float() * total;
    for (const [item, weight] of items) {
      roll -= weight;
      if (roll < 0) return item;
    }
    return items[items.length - 1][0];
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Invalid UTF-8 in a JavaScript string: the code units U+DC80..U+DCFF stand for the raw bytes 0x80..0xFF (Python's
// "surrogateescape"). The server receives them as lone surrogates (what a JSON-RPC peer can send); `toBytes` writes
// them to disk as the raw, invalid bytes the CLI then reads.

const ESCAPE_BASE = 0xdc00;

function escapedBytes(bytes: readonly number[]): string {
  return String.fromCharCode(...bytes.map((b) => ESCAPE_BASE + b));
}

/** The bytes of a mutated text as a file: UTF-8, except escaped raw bytes, which are written as themselves. */
export function toBytes(text: string): Buffer {
  const chunks: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= ESCAPE_BASE + 0x80 && code <= ESCAPE_BASE + 0xff) {
      const previous = text.charCodeAt(i - 1);
      // Only a lone low surrogate is an escape; as the second half of a pair it is a real character.
      if (i > 0 && previous >= 0xd800 && previous <= 0xdbff) continue;
      chunks.push(Buffer.from(text.slice(start, i), 'utf8'), Buffer.from([code - ESCAPE_BASE]));
      start = i + 1;
    }
  }
  chunks.push(Buffer.from(text.slice(start), 'utf8'));
  return Buffer.concat(chunks);
}

// ---------------------------------------------------------------------------------------------------------------
// The mutations.

export type MutationName =
  | 'delete-lines'
  | 'duplicate-lines'
  | 'swap-lines'
  | 'delete-chars'
  | 'duplicate-chars'
  | 'yaml-token'
  | 'truncate'
  | 'indent'
  | 'tabs'
  | 'bom'
  | 'crlf'
  | 'lone-cr'
  | 'control-chars'
  | 'invalid-utf8'
  | 'long-line'
  | 'deep-nesting'
  | 'unicode'
  | 'odd-value'
  | 'swap-key'
  | 'duplicate-key'
  | 'anchors'
  | 'documents';

/**
 * How big the expensive mutations get: `full` (long lines up to 200,000 characters, nesting up to 10,000 deep) for
 * `npm run fuzz`, `quick` (10,000 and 1,000) for the bounded run of the test suite.
 */
export type Scale = 'quick' | 'full';

interface Context {
  scale: Scale;
}

type Mutation = (text: string, rng: Rng, context: Context) => string;

function lines(text: string): string[] {
  return text.split(/(?<=\r\n|\r(?!\n)|\n)/);
}

function insertAt(text: string, offset: number, insert: string): string {
  return text.slice(0, offset) + insert + text.slice(offset);
}

/** A random offset, sometimes snapped to a line start, a value start or just after a colon, where YAML is touchy. */
function offsetIn(text: string, rng: Rng): number {
  if (!text.length) return 0;
  const mode = rng.int(4);
  const at = rng.int(text.length + 1);
  if (mode === 0) {
    const lineStart = text.lastIndexOf('\n', at - 1) + 1;
    return lineStart;
  }
  if (mode === 1) {
    const colon = text.indexOf(': ', at);
    return colon === -1 ? at : colon + 2;
  }
  return at;
}

const KEYS = [
  'competency', 'id', 'roles', 'tags', 'summary', 'why_it_matters', 'evaluation', 'signals', 'positive', 'red_flags',
  'rating_scale', 'score', 'label', 'anchor', 'review', 'status', 'owner', 'last_reviewed', 'questions', 'text',
  'areas_to_cover', 'follow_ups', 'minutes', 'faq', 'question', 'answer', 'guide', 'role', 'duration_minutes', 'intro',
  'sections', 'closing', 'follow_up', 'areasToCover', 'sumary', '<<', '', 'questions questions', 'ID', 'text:',
];

const ODD_VALUES = [
  'null', '~', '', '""', "''", 'true', 'no', 'yes', 'off', '0', '-1', '1e309', '.inf', '-.nan', '0x1F', '0o17', '1_000',
  '2026-13-45', '2026-05-01', '2026-05-01T10:00:00Z', '[]', '{}', '[[]]', '{a: }', '[a, [b, {c: d}]]', '"\\u0000"',
  '"\\uD800"', '"\\x"', "'it''s'", '|', '>-', '|+', '>2', '|-\n', '&a', '*a', '*undefined', '!!str', '!!int x', '!!map',
  '!!binary AAAA', '!foo bar', '!<tag:x> y', '? complex', '- item', ': x', '%', '@x', '`x`', '#', ' # comment',
  'a: b: c', '"unterminated', "'unterminated", '[unterminated', '{unterminated', 'Tell me about a time you were asked your age.',
  'What year did you graduate?', 'Have you ever been arrested?', 'What would you do if the server caught fire?',
  'service-orientation', 'frustrated-user', 'it-support-onsite', '12345678901234567890', '-', '--- ', '... ',
  '<script>alert(1)</script>', '[x](javascript:alert(1))', '\u202Eevil', '\u0000', '&a [*a, *a]',
];

const CONTROL = ['\u0000', '\u0001', '\u0007', '\u0008', '\u000b', '\u000c', '\u001b', '\u001f', '\u007f', '\u0085', '\u2028', '\u2029', '\ufeff', '\ufffe', '\uffff'];

const INVALID_UTF8: number[][] = [
  [0x80], [0xbf], [0xc3], [0xc3, 0x28], [0xe2, 0x82], [0xf0, 0x9f, 0x98], [0xff], [0xfe], [0xc0, 0xaf], [0xe0, 0x80, 0xaf],
  [0xed, 0xa0, 0x80], [0xed, 0xbf, 0xbf], [0xf4, 0x90, 0x80, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80],
];

const UNICODE = [
  '\u{1F600}', '\u{1F469}\u200D\u{1F4BB}', '\u{10FFFF}', '\u0301', 'e\u0301', '\u202E', '\u200B', '\u200F', '\u00A0', '\u3000',
  'ß', 'İ', 'ǅ', '\uFB01', '日本語', 'עברית', 'العربية', '\u0915\u094D\u0937', '\uD800', '\uDBFF', '\uDFFF', '\uD83D',
  '\u{E0001}', '\u2066', 'Ω', '\u{1D400}', '\u0000',
];

function randomUnicode(rng: Rng): string {
  if (rng.chance(0.6)) return rng.pick(UNICODE);
  // Any code point, surrogates included (lone ones are what a broken client or file can produce).
  const code = rng.chance(0.5) ? rng.int(0x10000) : 0x10000 + rng.int(0x100000);
  return code >= 0x10000 ? String.fromCodePoint(code) : String.fromCharCode(code);
}

const mutations: Record<MutationName, Mutation> = {
  'delete-lines'(text, rng) {
    const all = lines(text);
    if (!all.length) return text;
    const at = rng.int(all.length);
    all.splice(at, rng.between(1, 3));
    return all.join('');
  },
  'duplicate-lines'(text, rng) {
    const all = lines(text);
    if (!all.length) return text;
    const at = rng.int(all.length);
    const block = all.slice(at, at + rng.between(1, 4));
    all.splice(rng.chance(0.7) ? at : rng.int(all.length + 1), 0, ...block);
    return all.join('');
  },
  'swap-lines'(text, rng) {
    const all = lines(text);
    if (all.length < 2) return text;
    const a = rng.int(all.length);
    const b = rng.int(all.length);
    [all[a], all[b]] = [all[b], all[a]];
    return all.join('');
  },
  'delete-chars'(text, rng) {
    const at = offsetIn(text, rng);
    return text.slice(0, at) + text.slice(at + rng.between(1, rng.chance(0.8) ? 3 : 40));
  },
  'duplicate-chars'(text, rng) {
    const at = rng.int(text.length + 1);
    const piece = text.slice(at, at + rng.between(1, 30));
    return insertAt(text, at, piece.repeat(rng.chance(0.9) ? 1 : rng.between(2, 50)));
  },
  'yaml-token'(text, rng) {
    const tokens = [':', ': ', '-', '- ', '[', ']', '{', '}', ',', '#', ' #', '&', '*', '!', '|', '>', "'", '"', '%', '@', '`', '?', '? ', '\\', '---', '...', '<<: ', '\n', '\n-', '\n  ', ' ', 'key: value\n'];
    return insertAt(text, offsetIn(text, rng), rng.pick(tokens));
  },
  truncate(text, rng) {
    return text.slice(0, rng.int(text.length + 1));
  },
  indent(text, rng) {
    const all = lines(text);
    if (!all.length) return text;
    const at = rng.int(all.length);
    const count = rng.chance(0.7) ? 1 : rng.between(2, 6);
    const delta = rng.pick([-4, -2, -1, 1, 2, 3, 4, 8]);
    for (let i = at; i < Math.min(all.length, at + count); i++) {
      all[i] = delta > 0 ? ' '.repeat(delta) + all[i] : all[i].replace(new RegExp(`^ {0,${-delta}}`), '');
    }
    return all.join('');
  },
  tabs(text, rng) {
    if (rng.chance(0.5)) {
      const all = lines(text);
      const at = rng.int(all.length);
      if (all[at] !== undefined) all[at] = all[at].replace(/^ +/, (spaces) => (rng.chance(0.5) ? '\t' : '\t'.repeat(Math.max(1, spaces.length >> 1))));
      return all.join('');
    }
    return insertAt(text, offsetIn(text, rng), '\t');
  },
  bom(text, rng) {
    return rng.chance(0.8) ? `\ufeff${text}` : insertAt(text, rng.int(text.length + 1), '\ufeff');
  },
  crlf(text, rng) {
    if (rng.chance(0.7)) return text.replace(/\r?\n/g, '\r\n');
    // Mixed line endings: only some lines.
    return text.replace(/\r?\n/g, (eol) => (rng.chance(0.3) ? '\r\n' : eol));
  },
  'lone-cr'(text, rng) {
    if (rng.chance(0.3)) return text.replace(/\r?\n/g, '\r');
    if (rng.chance(0.5)) return text.replace(/\n/g, (eol) => (rng.chance(0.2) ? '\r' : eol));
    return insertAt(text, rng.int(text.length + 1), '\r');
  },
  'control-chars'(text, rng) {
    let result = text;
    for (let i = rng.between(1, 3); i > 0; i--) result = insertAt(result, offsetIn(result, rng), rng.pick(CONTROL));
    return result;
  },
  'invalid-utf8'(text, rng) {
    let result = text;
    for (let i = rng.between(1, 3); i > 0; i--) result = insertAt(result, offsetIn(result, rng), escapedBytes(rng.pick(INVALID_UTF8)));
    return result;
  },
  'long-line'(text, rng, { scale }) {
    const length = rng.pick(scale === 'full' ? [1_000, 10_000, 50_000, 200_000] : [1_000, 4_000, 10_000]);
    const unit = rng.pick(['a', 'word ', 'ab-', '\u{1F600}', 'é', ' ', '- ', ': ', '[', 'x, ', '"', '#']);
    const run = unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
    if (rng.chance(0.5)) return insertAt(text, offsetIn(text, rng), run);
    return `${text}${text.endsWith('\n') || !text ? '' : '\n'}${rng.pick(['summary', 'id', 'text', 'x'])}: ${run}\n`;
  },
  'deep-nesting'(text, rng, { scale }) {
    const depth = rng.pick(scale === 'full' ? [50, 500, 2_000, 10_000] : [50, 200, 1_000]);
    // Nesting by indentation grows with the square of the depth: 1,500 levels are a 1 MB file, 300 are 45 KB.
    const indented = Math.min(depth, scale === 'full' ? 1_500 : 300);
    const shapes = [
      () => `${'['.repeat(depth)}${rng.chance(0.7) ? ']'.repeat(depth) : ''}`,
      () => `${'{a: '.repeat(depth)}x${rng.chance(0.7) ? '}'.repeat(depth) : ''}`,
      () => `\n  ${'- '.repeat(depth)}x\n`,
      () => `\n${Array.from({ length: indented }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n')} x\n`,
      () => `\n${Array.from({ length: indented }, (_, i) => `${' '.repeat(i)}- `).join('\n')}x\n`,
      () => `${'[{'.repeat(depth >> 1)}`,
    ];
    return insertAt(text, offsetIn(text, rng), rng.pick(shapes)());
  },
  unicode(text, rng) {
    let result = text;
    for (let i = rng.between(1, 5); i > 0; i--) result = insertAt(result, offsetIn(result, rng), randomUnicode(rng));
    return result;
  },
  'odd-value'(text, rng) {
    // Replace the value after a random `key: ` with something YAML or the schema finds odd.
    const matches = [...text.matchAll(/: ([^\r\n]*)/g)];
    if (!matches.length) return insertAt(text, offsetIn(text, rng), rng.pick(ODD_VALUES));
    const match = rng.pick(matches);
    const start = match.index! + 2;
    return text.slice(0, start) + rng.pick(ODD_VALUES) + text.slice(start + match[1].length);
  },
  'swap-key'(text, rng) {
    const matches = [...text.matchAll(/^([ \t-]*)([A-Za-z_<][\w<]*):/gm)];
    if (!matches.length) return text;
    const match = rng.pick(matches);
    const start = match.index! + match[1].length;
    return text.slice(0, start) + rng.pick(KEYS) + text.slice(start + match[2].length);
  },
  'duplicate-key'(text, rng) {
    const all = lines(text);
    const keyed = all.map((line, i) => (/^\s*[\w-]+:/.test(line) ? i : -1)).filter((i) => i >= 0);
    if (!keyed.length) return text;
    const at = rng.pick(keyed);
    all.splice(at + 1, 0, all[at].endsWith('\n') || all[at].endsWith('\r') ? all[at] : `\n${all[at]}`);
    return all.join('');
  },
  anchors(text, rng) {
    const name = rng.pick(['a', 'b', 'x', 'long-anchor']);
    const pieces = [`&${name} `, `*${name}`, `<<: *${name}\n`, `&${name} [*${name}, *${name}]`, `&${name} {k: *${name}}`];
    let result = text;
    for (let i = rng.between(1, 4); i > 0; i--) result = insertAt(result, offsetIn(result, rng), rng.pick(pieces));
    if (rng.chance(0.2)) {
      // A small billion-laughs.
      const levels = ['l0: &l0 [x, x, x, x, x, x, x, x, x, x]'];
      for (let i = 1; i < 7; i++) levels.push(`l${i}: &l${i} [${Array(10).fill(`*l${i - 1}`).join(', ')}]`);
      result = `${levels.join('\n')}\n${result}`;
    }
    return result;
  },
  documents(text, rng) {
    const marker = rng.pick(['---\n', '...\n', '--- |\n', '%YAML 1.2\n---\n', '%TAG ! tag:x,2000:\n---\n', '%FOO bar\n']);
    const all = lines(text);
    all.splice(rng.int(all.length + 1), 0, marker);
    return all.join('');
  },
};

export const MUTATION_NAMES = Object.keys(mutations) as MutationName[];

/** How often each mutation is picked: structure-preserving ones are common, so the rules and features run too. */
const WEIGHTS: (readonly [MutationName, number])[] = [
  ['delete-lines', 6], ['duplicate-lines', 6], ['swap-lines', 3], ['delete-chars', 8], ['duplicate-chars', 5],
  ['yaml-token', 8], ['truncate', 4], ['indent', 7], ['tabs', 3], ['bom', 2], ['crlf', 3], ['lone-cr', 2],
  ['control-chars', 3], ['invalid-utf8', 3], ['long-line', 2], ['deep-nesting', 2], ['unicode', 5], ['odd-value', 10],
  ['swap-key', 8], ['duplicate-key', 4], ['anchors', 3], ['documents', 2],
];

export interface Mutated {
  text: string;
  /** The mutations applied, in order. */
  applied: MutationName[];
}

/** Applies one to four mutations (sometimes none of the text survives; sometimes it stays valid). */
export function mutate(text: string, rng: Rng, scale: Scale = 'full'): Mutated {
  let result = text;
  const applied: MutationName[] = [];
  const count = rng.weighted([[1, 5], [2, 3], [3, 1], [4, 1]] as const);
  for (let i = 0; i < count; i++) {
    const name = rng.weighted(WEIGHTS);
    result = mutations[name](result, rng, { scale });
    applied.push(name);
  }
  return { text: result, applied };
}

/** Applies one named mutation (for tests of the engine itself). */
export function applyMutation(name: MutationName, text: string, rng: Rng, scale: Scale = 'full'): string {
  return mutations[name](text, rng, { scale });
}
