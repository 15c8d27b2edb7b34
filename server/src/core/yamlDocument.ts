import { Document, isAlias, isCollection, isMap, isPair, isScalar, isSeq, type Node, type Pair, type YAMLMap } from 'yaml';
import { parseAllDocuments } from './yamlParse';
import { LineIndex } from './lineIndex';
import type { OffsetRange, Problem } from './problem';
import { lineBreakLength, lineEndIn, type SourceText } from './text/sourceText';
import { withGroupedDigits } from './text/groupedDigits';

/** A bank file parsed once: the YAML tree for ranges, the plain data for the schema, and what broke. */
export interface ParsedYaml {
  text: string;
  document: Document.Parsed;
  /** The plain value of the first document; undefined when it could not be built (for instance an alias bomb). */
  data: unknown;
  syntaxProblems: Problem[];
}

// Aliases may be used a little (anchors for repeated areas), but a billion-laughs file must not expand.
const MAX_ALIAS_COUNT = 100;

/**
 * How bank files are parsed: YAML 1.1 tags (`!!binary`, `!!set`) are not resolved. Duplicate keys are errors, found
 * by keyProblems: the parser's own check compares each key with every earlier one, minutes for a mapping of
 * fifty thousand keys.
 */
export const PARSE_OPTIONS = { prettyErrors: false, uniqueKeys: false, strict: true, logLevel: 'error', resolveKnownTags: false } as const;

export const COLLECTION_KEY_MESSAGE = 'A key must be plain text; this key is a list or mapping.';

// Deeper than this, the parser's recursion and its flow-collection handling get slow or overflow the stack.
const MAX_NESTING = 500;
// The parser reports about one error per pair of repeated quotes or brackets: a line of 200,000 quotes is 100,000
// errors and seconds of parsing. No real file repeats them this often in a row.
export const MAX_INDICATOR_RUN = 5_000;
// A file with more syntax errors than this gets the first ones: the rest follow from them.
const MAX_SYNTAX_PROBLEMS = 100;

/**
 * `byQuestion` is another way to the document a whole parse gives (see parseByQuestion), tried once the text is
 * known to be within the parser's limits; when it gives none, the text is parsed whole.
 */
export function parseYaml(text: string, options: { byQuestion?: (text: string) => Document.Parsed | undefined } = {}): ParsedYaml {
  const source = new Source(text);
  const unread = (problem: Problem): ParsedYaml => ({ text, document: new Document() as Document.Parsed, data: undefined, syntaxProblems: [problem] });
  const longest = longestLine(text);
  const tooDeep = deepNesting(text, longest);
  if (tooDeep !== undefined) {
    const message = `Lists or mappings are nested too deeply here (more than ${MAX_NESTING} levels); the file is not read further.`;
    return unread(syntaxProblem(source, tooDeep, tooDeep + 1, message, 'error'));
  }
  // A run never crosses a line break.
  const run = longest >= MAX_INDICATOR_RUN ? indicatorRun(text, MAX_INDICATOR_RUN) : undefined;
  if (run) {
    const message = `Quotes, brackets or other YAML indicators are repeated ${withGroupedDigits(MAX_INDICATOR_RUN)} times or more in a row here; the file is not read further.`;
    return unread(syntaxProblem(source, run.start, run.end, message, 'error'));
  }
  let documents: ReturnType<typeof parseAllDocuments>;
  try {
    const byQuestion = options.byQuestion?.(text);
    documents = byQuestion ? ([byQuestion] as unknown as typeof documents) : parseAllDocuments(text, PARSE_OPTIONS);
  } catch (error) {
    const message = unreadableMessage(error instanceof Error ? error.message : String(error));
    return unread(syntaxProblem(source, 0, source.lineEnd(0), message, 'error'));
  }
  const syntaxProblems: Problem[] = [];
  // Only the problems that are kept are built: a broken file can have a hundred thousand errors.
  const add = (problem: () => Problem) => {
    if (syntaxProblems.length < MAX_SYNTAX_PROBLEMS) syntaxProblems.push(problem());
  };
  // An empty stream has no document but may still carry errors of its own.
  const document = (documents[0] ?? new Document()) as Document.Parsed;
  for (const error of (documents as { errors?: YamlErrorLike[] }).errors ?? []) add(() => fromYamlError(source, error, 'error'));
  for (const extra of documents.slice(1)) {
    const start = extra.range?.[0] ?? text.length;
    add(() => syntaxProblem(source, start, start + 3, 'A file holds one competency or guide; this second YAML document (after `---`) is not read.', 'error'));
  }
  const { duplicateKeys, collectionKeys } = keyProblems(document);
  const errors = [...document.errors, ...duplicateKeys].sort((a, b) => a.pos[0] - b.pos[0]);
  for (const error of errors) add(() => fromYamlError(source, error, 'error'));
  for (const warning of document.warnings) add(() => fromYamlError(source, warning, 'warning'));

  // A key that is a list or mapping (`[a]: b`, `? {a: 1}`) is no key a bank file has; turning one into plain data
  // stringifies it, which nested keys make exponentially slow. Report it and stop there.
  for (const range of collectionKeys.slice(0, 20)) {
    add(() => syntaxProblem(source, range.start, range.end, COLLECTION_KEY_MESSAGE, 'error'));
  }
  let data: unknown;
  try {
    if (collectionKeys.length) throw new Error('collection keys');
    data = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    data = undefined;
    const message = error instanceof Error ? error.message : String(error);
    if (!collectionKeys.length) add(() => syntaxProblem(source, 0, source.lineEnd(0), unreadableMessage(message), 'error'));
  }
  return { text, document, data, syntaxProblems };
}

/** A text whose line ends are looked up in a line index, built on first use. */
class Source {
  private index: LineIndex | undefined;

  constructor(readonly text: string) {}

  // Scanning for the end of the line at each problem is quadratic when many sit on one very long line.
  lineEnd(offset: number): number {
    this.index ??= new LineIndex(this.text);
    return this.index.lineEnd(this.text, offset);
  }
}

/**
 * The first run of at least `min` quotes, flow indicators, tags, anchors or aliases (`"`, `[`, `,`, `!`, ...) in a
 * row, blanks between them allowed, found in one linear pass.
 */
export function indicatorRun(text: string, min: number): OffsetRange | undefined {
  let count = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 128 && RUN_INDICATORS[code]) {
      if (count++ === 0) start = i;
      if (count < min) continue;
      let end = i + 1;
      for (let j = end; j < text.length; j++) {
        const next = text.charCodeAt(j);
        if (next < 128 && RUN_INDICATORS[next]) end = j + 1;
        else if (next !== 32 && next !== 9) break;
      }
      return { start, end };
    } else if (code !== 32 /* space */ && code !== 9 /* tab */) {
      count = 0;
    }
  }
  return undefined;
}

const RUN_INDICATORS = new Uint8Array(128);
for (const ch of '"\'[]{},!&*') RUN_INDICATORS[ch.charCodeAt(0)] = 1;

/**
 * Where nesting first goes deeper than MAX_NESTING, found in linear passes: flow brackets outside quotes and
 * comments, block indicators (`- - - ...`, `: : : ...`) repeated along one line, and block collections nested line
 * under line.
 */
function deepNesting(text: string, longest: number): number | undefined {
  // The scans below are cheap, but they run over every full parse: most texts are ruled out without them.
  const tooDeep = fewerThan(text, '[', '{', MAX_NESTING + 1) ? undefined : deepFlowNesting(text);
  if (tooDeep !== undefined) return tooDeep;
  // Block collections open at ever greater columns, one per level (see deepBlockNesting): deep nesting needs a long line.
  if (longest <= MAX_NESTING) return undefined;
  const block = new RegExp(`(?:[-:?][ \\t]+){${MAX_NESTING},}`).exec(text);
  return block ? block.index : deepBlockNesting(text);
}

/** Where flow brackets outside quotes and comments first nest deeper than MAX_NESTING. */
function deepFlowNesting(text: string): number | undefined {
  // Character codes, not one-character strings and regular expressions: this runs over every full parse.
  const isSpace = (code: number) => code === 32 || code === 9 || code === 10 || code === 13;
  const opensQuote = (code: number) => isSpace(code) || code === 58 /* : */ || code === 44 /* , */ || code === 91 /* [ */ || code === 123 /* { */ || code === 45; /* - */
  let depth = 0;
  let quote = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (quote) {
      if (code === 92 /* \ */ && quote === 34) i++;
      else if (code === quote) quote = 0;
      continue;
    }
    if (code === 34 /* " */ || code === 39 /* ' */) {
      if (i === 0 || opensQuote(text.charCodeAt(i - 1))) quote = code;
    } else if (code === 35 /* # */ && (i === 0 || isSpace(text.charCodeAt(i - 1)))) {
      const newline = text.indexOf('\n', i);
      if (newline === -1) break;
      i = newline;
    } else if (code === 91 || code === 123) {
      if (++depth > MAX_NESTING) return i;
    } else if (code === 93 /* ] */ || code === 125 /* } */) {
      depth = Math.max(depth - 1, 0);
    }
  }
  return undefined;
}

/** Whether `a` and `b` occur fewer than `count` times in all, found with native searches rather than a loop per character. */
function fewerThan(text: string, a: string, b: string, count: number): boolean {
  let found = 0;
  for (const ch of [a, b]) {
    for (let i = text.indexOf(ch); i !== -1; i = text.indexOf(ch, i + 1)) if (++found >= count) return false;
  }
  return true;
}

/**
 * The length of the longest line, lines ending at LF: a text broken by lone CRs counts as one long line, which only
 * means the nesting and indicator scans are not skipped for it.
 */
function longestLine(text: string): number {
  let longest = 0;
  for (let start = 0; start <= text.length; ) {
    const lf = text.indexOf('\n', start);
    const end = lf === -1 ? text.length : lf;
    longest = Math.max(longest, end - start);
    start = end + 1;
  }
  return longest;
}

/**
 * Where block collections first nest deeper than MAX_NESTING over several lines, each indented further (a few
 * hundred `- ` a line, the next line starting where the last ended): the columns of the collections still open are
 * kept on a stack. Lines of block scalars and of multi-line flow collections are read like block lines too; that can
 * only count deeper than the parser would, and it takes hundreds of lines each indented further to matter.
 */
function deepBlockNesting(text: string): number | undefined {
  const open: number[] = [];
  const isBlank = (code: number) => code === 32 || code === 9;
  const lineBreak = /\r\n?|\n/g;
  for (let lineStart = 0; lineStart < text.length; ) {
    const found = lineBreak.exec(text);
    const end = found ? found.index : text.length;
    const next = found ? found.index + found[0].length : text.length;
    let i = lineStart;
    while (i < end && text.charCodeAt(i) === 32) i++;
    if (i < end && text[i] !== '#') {
      const column = (offset: number) => offset - lineStart;
      while (open.length && open[open.length - 1] >= column(i)) open.pop();
      // Indicators in a row on one line, each a collection inside the one before: `- - x`, `? - x`.
      while (i < end && (text[i] === '-' || text[i] === '?' || text[i] === ':') && (i + 1 === end || isBlank(text.charCodeAt(i + 1)))) {
        open.push(column(i));
        if (open.length > MAX_NESTING) return i;
        i++;
        while (i < end && isBlank(text.charCodeAt(i))) i++;
      }
      // A key opens a mapping whose value can be nested on the lines below.
      if (i < end && hasKey(text, i, end)) {
        open.push(column(i));
        if (open.length > MAX_NESTING) return i;
      }
    }
    lineStart = next;
  }
  return undefined;
}

/** Whether text[from, end) holds a `:` followed by a blank or the end, before any comment. */
function hasKey(text: string, from: number, end: number): boolean {
  for (let i = from; i < end; i++) {
    const ch = text[i];
    if (ch === ':' && (i + 1 === end || text[i + 1] === ' ' || text[i + 1] === '\t')) return true;
    if (ch === '#' && i > from && (text[i - 1] === ' ' || text[i - 1] === '\t')) return false;
  }
  return false;
}

function unreadableMessage(reason: string): string {
  if (/alias/i.test(reason)) return `This file expands aliases (*name) more than ${MAX_ALIAS_COUNT} times; it is not read further.`;
  if (/call stack/i.test(reason)) return 'Lists or mappings are nested too deeply in this file to be read.';
  return `The file could not be read: ${reason}`;
}

interface YamlErrorLike {
  code: string;
  message: string;
  pos: [number, number];
}

/**
 * Two kinds of key problems, found in one walk of the tree:
 * - `duplicateKeys`: every key that repeats an earlier key of its mapping, as the parser's `uniqueKeys` reports it
 *   (scalar keys with the same value), with a set per mapping;
 * - `collectionKeys`: keys that are lists or mappings, in document order, their insides (key and value) not searched
 *   for more: they need no separate report.
 * Aliases are not followed.
 */
export function keyProblems(document: Document): { duplicateKeys: YamlErrorLike[]; collectionKeys: OffsetRange[] } {
  const duplicateKeys: YamlErrorLike[] = [];
  const collectionKeys: OffsetRange[] = [];
  // Depth first, keys before values; an explicit stack, as deep trees are allowed up to MAX_NESTING on each side.
  const nodes: unknown[] = [document.contents];
  const insideCollectionKey: boolean[] = [false];
  while (nodes.length) {
    const node = nodes.pop();
    const inside = insideCollectionKey.pop()!;
    if (isPair(node)) {
      const keyIsCollection = isCollection(node.key);
      if (keyIsCollection && !inside) {
        const range = nodeRange(node.key as Node);
        if (range) collectionKeys.push(range);
      }
      nodes.push(node.value, node.key);
      insideCollectionKey.push(inside || keyIsCollection, inside || keyIsCollection);
    } else if (isCollection(node)) {
      if (isMap(node)) duplicateKeysOf(node, duplicateKeys);
      for (let i = node.items.length - 1; i >= 0; i--) {
        nodes.push(node.items[i]);
        insideCollectionKey.push(inside);
      }
    }
  }
  return { duplicateKeys, collectionKeys };
}

function duplicateKeysOf(map: YAMLMap, found: YamlErrorLike[]): void {
  const seen = new Set<unknown>();
  for (const item of map.items) {
    const key = item.key;
    if (!isScalar(key) || Number.isNaN(key.value)) continue;
    if (!seen.has(key.value)) {
      seen.add(key.value);
      continue;
    }
    const start = key.range?.[0];
    if (start !== undefined) found.push({ code: 'DUPLICATE_KEY', message: 'Map keys must be unique', pos: [start, start + 1] });
  }
}

function fromYamlError(source: Source, error: YamlErrorLike, severity: 'error' | 'warning'): Problem {
  const [start, reportedEnd] = error.pos;
  // The parser marks one character of a repeated key; the squiggle and the message take the whole key.
  const end = error.code === 'DUPLICATE_KEY' ? keyEnd(source, start, reportedEnd) : reportedEnd;
  return syntaxProblem(source, start, end, plainMessage(source, { ...error, pos: [start, end] }), severity);
}

function keyEnd(source: Source, start: number, fallback: number): number {
  const line = source.text.slice(start, source.lineEnd(start));
  const colon = line.search(/:(\s|$)/);
  return colon > 0 ? start + line.slice(0, colon).trimEnd().length : fallback;
}

function plainMessage(source: Source, error: YamlErrorLike): string {
  if (/call stack/i.test(error.message)) return 'Lists or mappings are nested too deeply here to be read.';
  const token = source.text.slice(error.pos[0], Math.min(error.pos[1], source.lineEnd(error.pos[0]))).trim();
  switch (error.code) {
    case 'DUPLICATE_KEY':
      return token ? `The key \`${token}\` appears twice in the same mapping; keep one.` : 'A key appears twice in the same mapping; keep one.';
    case 'TAB_AS_INDENT':
      return 'Tabs cannot indent YAML; use spaces.';
    case 'TAG_RESOLVE_FAILED':
      return `The tag ${token || 'here'} is not supported; remove it and write the plain value.`;
    case 'MULTILINE_IMPLICIT_KEY':
      return 'A key must be on one line; is a colon (:) missing on the line above, or is this text meant to be indented under a key?';
    default:
      return sentence(error.message);
  }
}

function sentence(message: string): string {
  const trimmed = message.replace(/\s+at line \d+, column \d+.*$/s, '').trim();
  if (!trimmed) return 'The YAML here cannot be read.';
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** Keeps a syntax problem on its token: at least one character, never past the end of its line. */
function syntaxProblem(source: Source, start: number, end: number, message: string, severity: 'error' | 'warning'): Problem {
  const text = source.text;
  let from = Math.min(Math.max(start, 0), text.length);
  if (from === text.length && from > 0) from = lastContentOffset(text);
  const limit = source.lineEnd(from);
  let to = Math.min(Math.max(end, from), limit);
  if (to === from) to = Math.min(from + 1, limit);
  return { ruleId: 'yaml-syntax', severity, message, range: { start: from, end: to } };
}

function lastContentOffset(text: string): number {
  const match = /\S\s*$/.exec(text);
  return match ? match.index : 0;
}

// ---------------------------------------------------------------------------------------------------------------
// Finding nodes and their ranges.

export type PathSegment = string | number;

export interface NodeAtPath {
  /** The deepest node the path reached (the whole path when `complete`). */
  node: Node | null;
  /** The pair whose value `node` is, when it sits under a mapping key. */
  pair?: Pair;
  /** How many segments of the path were resolved. */
  depth: number;
  complete: boolean;
}

/** Walks a data path (as ajv reports it) through the YAML tree, following aliases. */
export function nodeAtPath(document: Document, path: readonly PathSegment[], from?: Node | null): NodeAtPath {
  let node = resolve(document, from !== undefined ? from : (document.contents as Node | null));
  let pair: Pair | undefined;
  let depth = 0;
  for (const segment of path) {
    if (isMap(node)) {
      const found = pairsByKey(node).get(String(segment));
      if (!found) break;
      pair = found;
      node = resolve(document, found.value as Node | null);
    } else if (isSeq(node)) {
      const index = typeof segment === 'number' ? segment : Number(segment);
      const item = Number.isInteger(index) ? node.items[index] : undefined;
      if (item === undefined) break;
      pair = undefined;
      node = resolve(document, item as Node | null);
    } else {
      break;
    }
    depth++;
  }
  return { node, pair, depth, complete: depth === path.length };
}

/** A key's text; undefined for a list or mapping key, which no file here uses and whose text can be huge to build. */
export function keyText(pair: Pair): string | undefined {
  const key = pair.key as unknown;
  if (isScalar(key)) return String(key.value);
  if (isCollection(key)) return undefined;
  return String(key);
}

function resolve(document: Document, node: Node | null): Node | null {
  let current = node;
  for (let hops = 0; isAlias(current) && hops < MAX_ALIAS_COUNT; hops++) {
    current = (current.resolve(document) ?? null) as Node | null;
  }
  return current;
}

/** The range of a node's own text (without trailing comments), or undefined for a node without source. */
export function nodeRange(node: unknown): OffsetRange | undefined {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  if (!range) return undefined;
  return { start: range[0], end: Math.max(range[1], range[0]) };
}

export function keyRange(pair: Pair): OffsetRange | undefined {
  return nodeRange(pair.key);
}

export function pairOf(map: unknown, key: string): Pair | undefined {
  if (!isMap(map)) return undefined;
  return pairsByKey(map).get(key);
}

const pairIndexes = new WeakMap<YAMLMap, Map<string, Pair>>();

/**
 * A mapping's pairs by key text, the first of each key (as a search from the top finds it), built once per mapping
 * (parsed trees are not changed afterwards): looking keys up one by one costs the mapping's size each time, and a
 * pasted file can have thousands of keys, each with a problem that looks its key up.
 */
export function pairsByKey(map: YAMLMap): ReadonlyMap<string, Pair> {
  let index = pairIndexes.get(map);
  if (!index) {
    index = new Map();
    for (const item of map.items) {
      if (!isPair(item)) continue;
      const key = keyText(item);
      if (key !== undefined && !index.has(key)) index.set(key, item);
    }
    pairIndexes.set(map, index);
  }
  return index;
}

/**
 * The part of a scalar a squiggle should underline: for a block scalar (`>-`, `|`) its first line of text, for a
 * multi-line plain or quoted scalar its first line, so a warning does not paint a whole paragraph.
 */
export function readableRange(text: SourceText, range: OffsetRange): OffsetRange {
  let start = range.start;
  const first = text.charCodeAt(start);
  if (first === 62 /* > */ || first === 124 /* | */) {
    const headerEnd = lineEndIn(text, start);
    let next = headerEnd;
    while (next < range.end) {
      next += lineBreakLength(text, next);
      const end = Math.min(lineEndIn(text, next), range.end);
      const content = text.slice(next, end);
      if (content.trim()) {
        start = next + (content.length - content.trimStart().length);
        return { start, end: next + content.trimEnd().length };
      }
      next = end;
    }
    return { start, end: headerEnd };
  }
  return { start, end: Math.min(range.end, lineEndIn(text, start)) };
}
