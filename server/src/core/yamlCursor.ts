import type { PathSegment } from './yamlDocument';
import { lastAtOrBefore } from './text/sortedSearch';

/**
 * What is at an offset of a YAML bank file, read from the lines around it rather than from a parse: it costs a
 * scan of the lines above and below (no YAML tree for a 5,000-question file on every keystroke) and it still
 * works while the file is half-typed and does not parse. Handles block mappings and lists by indentation, and
 * flow collections (`[a, b]`, `{ score: 1 }`), also over several lines.
 */

export interface Span {
  start: number;
  end: number;
  /** The source text of the span, quotes included. */
  text: string;
}

/** A key of a mapping, with its scalar value when it has one on its line. */
export interface Entry {
  key: string;
  keySpan: Span;
  value?: Span;
}

/** On a key, or where a key is being typed. */
export interface KeyPlace {
  kind: 'key';
  /** Data path of the mapping the key belongs to. */
  path: PathSegment[];
  /** Column of the key (-1 inside a flow mapping). */
  column: number;
  /** The key or partial key at the cursor (empty at the cursor when nothing is typed yet). */
  word: Span;
  /** A colon already follows the key: completion replaces the name only. */
  hasColon: boolean;
  flow: boolean;
  /** The other keys of the mapping. */
  present: Entry[];
}

/** On the value of a key, or right after `key: `. */
export interface ValuePlace {
  kind: 'value';
  path: PathSegment[];
  key: string;
  keySpan: Span;
  word: Span;
  flow: boolean;
  /** The other keys of the mapping, with their values: a section's `competency` next to its `questions`. */
  present: Entry[];
}

/** On an item of a list, or where a new item goes. */
export interface ItemPlace {
  kind: 'item';
  /** Data path of the list. */
  path: PathSegment[];
  index: number;
  /** The item's scalar text (empty when nothing is typed yet). */
  word: Span;
  flow: boolean;
  /** False on a blank line where a new item would go: completion must write the `- `. */
  dash: boolean;
  /** Column of the item's dash (-1 in a flow list). */
  column: number;
  /** Keys already written below the dash, when the item is a mapping being started. */
  itemKeys: Entry[];
  /** The other items' scalar texts. */
  siblings: Span[];
  /** The entries of the mapping holding the list (a guide section around its `questions`). */
  parent: Entry[];
}

/** On a blank line (or a word) under a key with no value yet: a mapping or a list may start here. */
export interface ChildPlace {
  kind: 'child';
  /** Data path of the value being written (the key above). */
  path: PathSegment[];
  column: number;
  word: Span;
  present: Entry[];
}

/** On the rule ids of a `# competency-lint-disable...` comment. */
export interface DirectivePlace {
  kind: 'directive';
  word: Span;
  ruleIds: Span[];
}

export type CursorPlace = KeyPlace | ValuePlace | ItemPlace | ChildPlace | DirectivePlace | { kind: 'none' };

const NONE = { kind: 'none' } as const;
/** How far up a multi-line flow collection's opening bracket is looked for. */
const FLOW_LOOKBACK_LINES = 40;
/** How far past the cursor the rest of a flow collection is read for its other entries. */
const FLOW_LOOKAHEAD_CHARS = 20000;
const WORD_CHAR = /[A-Za-z0-9_-]/;
const DIRECTIVE = /^#\s*competency-lint-(?:disable-next-line|disable)\b/;

export function cursorPlace(text: string, offset: number): CursorPlace {
  const lines = linesOf(text);
  const clamped = Math.min(Math.max(offset, 0), text.length);
  const n = lines.lineAt(clamped);
  const col = clamped - lines.start(n);
  const shape = lines.shape(n);
  if (shape.indent !== -1 && col < shape.indent) return NONE;
  const indent = shape.indent === -1 ? col : shape.indent;

  const flow = flowPlace(lines, n, clamped, indent);
  if (flow) return flow;

  const scalar = insideScalar(lines, n, indent);
  if (scalar === 'block') return NONE;
  const comment = commentStart(lines.text(n));
  if (comment !== -1 && col > comment) return directivePlace(lines, n, comment, col);
  if (scalar === 'plain') return NONE;
  return structuralPlace(lines, n, col, indent);
}

/** Removes the quotes of a quoted scalar's text; plain text is returned trimmed. */
export function unquote(raw: string): string {
  const value = raw.trim();
  if (value.length >= 2 && value[0] === '"' && value.endsWith('"')) {
    try {
      return JSON.parse(value) as string;
    } catch {
      return value.slice(1, -1);
    }
  }
  if (value.length >= 2 && value[0] === "'" && value.endsWith("'")) return value.slice(1, -1).replace(/''/g, "'");
  return value;
}

// ---------------------------------------------------------------------------------------------------------------
// Lines and their shapes.

interface KeyToken {
  name: string;
  start: number;
  end: number;
  colon: number;
}

interface Shape {
  /** Column of the first non-space character; -1 for a blank line. */
  indent: number;
  comment: boolean;
  /** `---` or `...`: a document boundary. */
  marker: boolean;
  /** Columns of the block list dashes the line starts with. */
  dashes: number[];
  /** Column after the dashes. */
  content: number;
  key?: KeyToken;
  /** Column where the value starts (after `key:` or after the dashes); the line length when there is none. */
  valueStart: number;
  /** The value without its comment, trimmed. */
  value: string;
}

// Completion and hover ask about one text many times between edits: keep the lines (and shapes) of the last one.
let lastLines: Lines | undefined;

function linesOf(text: string): Lines {
  if (lastLines?.source !== text) lastLines = new Lines(text);
  return lastLines;
}

class Lines {
  private readonly starts: number[] = [0];
  private readonly shapes = new Map<number, Shape>();
  readonly seqPositions = new Map<string, SeqPosition | undefined>();

  constructor(readonly source: string) {
    for (let i = source.indexOf('\n'); i !== -1; i = source.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  get count(): number {
    return this.starts.length;
  }

  start(line: number): number {
    return this.starts[line];
  }

  end(line: number): number {
    let end = line + 1 < this.starts.length ? this.starts[line + 1] - 1 : this.source.length;
    if (end > this.starts[line] && this.source.charCodeAt(end - 1) === 13) end--;
    return end;
  }

  text(line: number): string {
    return this.source.slice(this.start(line), this.end(line));
  }

  lineAt(offset: number): number {
    return lastAtOrBefore(this.starts, offset);
  }

  shape(line: number): Shape {
    let shape = this.shapes.get(line);
    if (!shape) {
      shape = shapeOf(this.text(line));
      this.shapes.set(line, shape);
    }
    return shape;
  }

  span(line: number, start: number, end: number): Span {
    const base = this.start(line);
    return { start: base + start, end: base + end, text: this.source.slice(base + start, base + end) };
  }

  /** Whether the line has a list item's dash at `column` (followed by a blank or the line's end). */
  isDashAt(line: number, column: number): boolean {
    const at = this.starts[line] + column;
    if (this.source.charCodeAt(at) !== 45 /* - */) return false;
    const next = this.source.charCodeAt(at + 1);
    return Number.isNaN(next) || next === 32 || next === 9 || next === 10 || next === 13;
  }

  /** Lines that carry structure: not blank, not a comment. */
  structural(line: number): boolean {
    return this.level(line) !== -1;
  }

  /**
   * The indentation of a line that carries structure, or -1 for a blank or comment line: read from the characters
   * without building the line's shape, so walking past thousands of deeper lines stays cheap.
   */
  level(line: number): number {
    const source = this.source;
    const start = this.starts[line];
    const end = line + 1 < this.starts.length ? this.starts[line + 1] : source.length;
    let p = start;
    while (p < end && source.charCodeAt(p) === 32) p++;
    const ch = source.charCodeAt(p);
    if (p >= end || ch === 10 || ch === 13 || ch === 35 /* # */) return -1;
    return p - start;
  }
}

function shapeOf(line: string): Shape {
  let p = 0;
  while (line.charCodeAt(p) === 32) p++;
  if (p >= line.length || (p === line.length - 1 && line[p] === '\r')) {
    return { indent: -1, comment: false, marker: false, dashes: [], content: line.length, valueStart: line.length, value: '' };
  }
  const indent = p;
  const marker = indent === 0 && /^(---|\.\.\.)(\s|$)/.test(line);
  if (line[p] === '#') return { indent, comment: true, marker: false, dashes: [], content: p, valueStart: line.length, value: '' };
  const dashes: number[] = [];
  while (line[p] === '-' && (p + 1 === line.length || line[p + 1] === ' ' || line[p + 1] === '\t')) {
    dashes.push(p);
    p++;
    while (line[p] === ' ' || line[p] === '\t') p++;
  }
  const content = p;
  const key = readKey(line, p);
  let valueStart = content;
  if (key) {
    valueStart = key.colon + 1;
    while (line[valueStart] === ' ' || line[valueStart] === '\t') valueStart++;
  }
  const value = stripComment(line.slice(valueStart)).trim();
  return { indent, comment: false, marker, dashes, content, key, valueStart: value ? valueStart : line.length, value };
}

function readKey(line: string, p: number): KeyToken | undefined {
  const first = line[p];
  if (first === undefined || '#[]{},&*!|>%@`?'.includes(first)) return undefined;
  let i = p;
  if (first === '"' || first === "'") {
    i = quoteEnd(line, p);
    if (i === -1) return undefined;
    let colon = i;
    while (line[colon] === ' ') colon++;
    if (line[colon] !== ':' || !endsToken(line, colon + 1)) return undefined;
    return { name: unquote(line.slice(p, i)), start: p, end: i, colon };
  }
  for (; i < line.length; i++) {
    const ch = line[i];
    if (ch === ':' && endsToken(line, i + 1)) {
      const name = line.slice(p, i).trimEnd();
      return { name, start: p, end: p + name.length, colon: i };
    }
    if (ch === '#' && (line[i - 1] === ' ' || line[i - 1] === '\t')) return undefined;
  }
  return undefined;
}

function endsToken(line: string, i: number): boolean {
  return i >= line.length || line[i] === ' ' || line[i] === '\t' || line[i] === '\r';
}

/** The offset after the closing quote of the quoted scalar opening at `p`; -1 when it does not close in `text`. */
function quoteEnd(text: string, p: number): number {
  const quote = text[p];
  for (let i = p + 1; i < text.length; i++) {
    if (quote === '"' && text[i] === '\\') {
      i++;
      continue;
    }
    if (text[i] === quote) {
      if (quote === "'" && text[i + 1] === "'") {
        i++;
        continue;
      }
      return i + 1;
    }
  }
  return -1;
}

function stripComment(value: string): string {
  const start = commentStart(value);
  return start === -1 ? value : value.slice(0, start);
}

/** Where a line's comment starts (`#` at the start or after a space, outside quotes); -1 without one. */
function commentStart(line: string): number {
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    const atTokenStart = i === 0 || ' \t[{,:'.includes(line[i - 1]);
    if ((ch === '"' || ch === "'") && atTokenStart) {
      const end = quoteEnd(line, i);
      if (end === -1) return -1;
      i = end - 1;
    } else if (ch === '#' && (i === 0 || line[i - 1] === ' ' || line[i - 1] === '\t')) {
      return i;
    }
  }
  return -1;
}

// ---------------------------------------------------------------------------------------------------------------
// Block structure by indentation.

/** Whether the cursor line (at indentation `column`) continues a scalar of a line above. */
function insideScalar(lines: Lines, n: number, column: number): 'block' | 'plain' | false {
  for (let l = n - 1; l >= 0; l--) {
    const level = lines.level(l);
    if (level === -1 || level >= column) continue;
    const shape = lines.shape(l);
    if (shape.marker) return false;
    if (!shape.key && !shape.dashes.length) {
      // Text continuing a scalar above it, or a stray line of broken YAML that says nothing about the structure.
      const outer = insideScalar(lines, l, shape.indent);
      if (outer) return outer;
      continue;
    }
    const element = shape.key ? shape.key.start : shape.dashes[shape.dashes.length - 1];
    if (column <= element || !shape.value) return false;
    return /^[|>][-+1-9]*$/.test(shape.value) ? 'block' : 'plain';
  }
  return false;
}

function structuralPlace(lines: Lines, n: number, col: number, indent: number): CursorPlace {
  const shape = lines.shape(n);
  const line = lines.text(n);
  if (shape.key) {
    const key = shape.key;
    if (col < key.start) return NONE;
    const path = pathOfMapAt(lines, n, key.start);
    if (!path) return NONE;
    const present = mapEntries(lines, n, key.start);
    if (col <= key.colon) {
      return { kind: 'key', path, column: key.start, word: lines.span(n, key.start, key.end), hasColon: true, flow: false, present };
    }
    const valueEnd = shape.valueStart + shape.value.length;
    if (shape.value && col > valueEnd) return NONE;
    if (/^[|>]/.test(shape.value)) return NONE;
    const word = shape.value ? lines.span(n, shape.valueStart, valueEnd) : lines.span(n, col, col);
    return { kind: 'value', path, key: key.name, keySpan: lines.span(n, key.start, key.end), word, flow: false, present };
  }
  if (shape.dashes.length) {
    const dash = shape.dashes[shape.dashes.length - 1];
    if (col < dash + 2) return NONE;
    const seq = pathOfSeqAt(lines, n, dash);
    if (!seq) return NONE;
    const valueEnd = shape.content + shape.value.length;
    if (shape.value && col > valueEnd) return NONE;
    const word = shape.value ? lines.span(n, shape.content, valueEnd) : lines.span(n, col, col);
    return {
      kind: 'item',
      path: seq.path,
      index: seq.index,
      word,
      flow: false,
      dash: true,
      column: dash,
      itemKeys: shape.value ? [] : mapEntries(lines, n, shape.content, false),
      siblings: seqItems(lines, n, dash).filter((_, i, all) => all[i].start !== word.start),
      parent: seq.keyLine !== undefined ? mapEntries(lines, seq.keyLine, seq.keyColumn!) : [],
    };
  }

  // A blank line, or a word typed where a key (or a list item) may go.
  let word: Span;
  if (shape.indent === -1) {
    word = lines.span(n, col, col);
  } else {
    const typed = line.slice(shape.indent, col);
    let end = col;
    while (end < line.length && WORD_CHAR.test(line[end])) end++;
    if (!/^[A-Za-z0-9_-]*$/.test(typed) || line.slice(end).trim()) return NONE;
    word = lines.span(n, shape.indent, end);
  }
  const column = indent;
  for (let l = n - 1; l >= 0; l--) {
    const level = lines.level(l);
    if (level === -1 || level > column) continue;
    const above = lines.shape(l);
    if (above.marker) break;
    if (above.indent === column) {
      if (above.dashes.length && above.dashes[0] === column) {
        const seq = pathOfSeqAt(lines, l, column);
        if (!seq) return NONE;
        return {
          kind: 'item',
          path: seq.path,
          index: seq.index + 1,
          word,
          flow: false,
          dash: false,
          column,
          itemKeys: [],
          siblings: seqItems(lines, l, column),
          parent: seq.keyLine !== undefined ? mapEntries(lines, seq.keyLine, seq.keyColumn!) : [],
        };
      }
      if (!above.key) return NONE;
      return keyPlaceAt(lines, n, column, word);
    }
    if (above.key && above.key.start === column) return keyPlaceAt(lines, n, column, word);
    if (above.key && above.key.start < column && !above.value) {
      const parentPath = pathOfMapAt(lines, l, above.key.start);
      if (!parentPath) return NONE;
      return { kind: 'child', path: [...parentPath, above.key.name], column, word, present: mapEntries(lines, n, column) };
    }
    if (!above.key && above.dashes.length && !above.value) return keyPlaceAt(lines, n, column, word);
    return NONE;
  }
  return { kind: 'key', path: [], column, word, hasColon: false, flow: false, present: mapEntries(lines, n, column) };
}

function keyPlaceAt(lines: Lines, n: number, column: number, word: Span): CursorPlace {
  const path = pathOfMapAt(lines, n, column);
  if (!path) return NONE;
  return { kind: 'key', path, column, word, hasColon: false, flow: false, present: mapEntries(lines, n, column) };
}

/** Data path of the mapping whose keys sit at `column`, seen from line `n` (which is inside it). */
/**
 * Deeper than this (by indentation), the cursor gives up instead of walking up further: such a file is not read
 * anyway (parseYaml stops at a nesting limit too), and the walk must not run out of stack.
 */
const MAX_PATH_DEPTH = 500;

function pathOfMapAt(lines: Lines, n: number, column: number, depth = 0): PathSegment[] | undefined {
  if (depth > MAX_PATH_DEPTH) return undefined;
  const shape = lines.shape(n);
  // A key right after a dash on its own line starts the item's mapping.
  if (shape.dashes.length && shape.content === column) {
    const seq = pathOfSeqAt(lines, n, shape.dashes[shape.dashes.length - 1], depth + 1);
    return seq && [...seq.path, seq.index];
  }
  for (let l = n - 1; l >= 0; l--) {
    const level = lines.level(l);
    if (level === -1 || level >= column) continue;
    const above = lines.shape(l);
    if (above.marker) break;
    if (above.key && above.key.start === column && above.dashes.length) {
      const seq = pathOfSeqAt(lines, l, above.dashes[above.dashes.length - 1], depth + 1);
      return seq && [...seq.path, seq.index];
    }
    if (above.key && above.key.start < column) {
      const parent = pathOfMapAt(lines, l, above.key.start, depth + 1);
      return parent && [...parent, above.key.name];
    }
    if (!above.key && above.dashes.length && above.content <= column) {
      const seq = pathOfSeqAt(lines, l, above.dashes[above.dashes.length - 1], depth + 1);
      return seq && [...seq.path, seq.index];
    }
    if (above.key || above.dashes.length) return undefined;
  }
  return [];
}

interface SeqPosition {
  path: PathSegment[];
  index: number;
  /** The line and column of the key whose value the list is. */
  keyLine?: number;
  keyColumn?: number;
}

/** The list whose dashes sit at `dash`, and the index of the item on line `n`. */
function pathOfSeqAt(lines: Lines, n: number, dash: number, depth = 0): SeqPosition | undefined {
  if (depth > MAX_PATH_DEPTH) return undefined;
  // Finding an item's index walks back over every item before it: remember it for the next request on this text.
  const key = `${n}:${dash}:${depth}`;
  if (lines.seqPositions.has(key)) return lines.seqPositions.get(key);
  const found = walkSeqAt(lines, n, dash, depth);
  lines.seqPositions.set(key, found);
  return found;
}

function walkSeqAt(lines: Lines, n: number, dash: number, depth: number): SeqPosition | undefined {
  const shape = lines.shape(n);
  const position = shape.dashes.indexOf(dash);
  if (position > 0) {
    // `- - item`: a list nested in the first item of the list of the dash before it, and so on back to the line's
    // first dash. Computed in one go: a line of ten thousand dashes must not recurse ten thousand times.
    if (position > MAX_PATH_DEPTH) return undefined;
    const first = pathOfSeqAt(lines, n, shape.dashes[0], depth + 1);
    return first && { path: [...first.path, first.index, ...new Array<number>(position - 1).fill(0)], index: 0 };
  }
  let index = 0;
  for (let l = n - 1; l >= 0; l--) {
    const level = lines.level(l);
    if (level === -1 || level > dash) continue;
    // A sibling item (`- ` at this column): counted without building its shape, since a long list has thousands.
    if (level === dash && lines.isDashAt(l, dash)) {
      index++;
      continue;
    }
    const above = lines.shape(l);
    if (above.marker) break;
    if (above.indent === dash) {
      if (above.dashes[0] === dash) {
        index++;
        continue;
      }
      if (above.key) {
        const parent = pathOfMapAt(lines, l, above.key.start, depth + 1);
        return parent && { path: [...parent, above.key.name], index, keyLine: l, keyColumn: above.key.start };
      }
      // A stray line (broken YAML) says nothing about the structure.
      continue;
    }
    if (above.key && above.key.start <= dash) {
      const parent = pathOfMapAt(lines, l, above.key.start, depth + 1);
      return parent && { path: [...parent, above.key.name], index, keyLine: l, keyColumn: above.key.start };
    }
    if (!above.key && above.dashes.length) {
      const outer = pathOfSeqAt(lines, l, above.dashes[above.dashes.length - 1], depth + 1);
      return outer && { path: [...outer.path, outer.index], index };
    }
    if (above.key) return undefined;
  }
  return { path: [], index };
}

/** The keys of the mapping at `column` around line `n` (line `n` itself excluded), with their inline values. */
function mapEntries(lines: Lines, n: number, column: number, upward = true): Entry[] {
  const entries: Entry[] = [];
  const add = (l: number) => {
    const shape = lines.shape(l);
    const key = shape.key!;
    const value = shape.value ? lines.span(l, shape.valueStart, shape.valueStart + shape.value.length) : undefined;
    entries.push({ key: key.name, keySpan: lines.span(l, key.start, key.end), value });
  };
  if (upward) {
    for (let l = n - 1; l >= 0; l--) {
      const level = lines.level(l);
      if (level === -1 || level > column) continue;
      const shape = lines.shape(l);
      if (shape.marker) break;
      if (shape.indent === column) {
        if (shape.key && !shape.dashes.length) add(l);
        continue;
      }
      if (shape.key?.start === column) add(l);
      break;
    }
    entries.reverse();
  }
  for (let l = n + 1; l < lines.count; l++) {
    const level = lines.level(l);
    if (level === -1 || level > column) continue;
    const shape = lines.shape(l);
    if (shape.marker) break;
    if (shape.indent < column) break;
    if (shape.key && !shape.dashes.length) add(l);
  }
  return entries;
}

/** The scalar items of the list whose dashes sit at `dash`, around line `n` (included). */
function seqItems(lines: Lines, n: number, dash: number): Span[] {
  const items: Span[] = [];
  const add = (l: number) => {
    const shape = lines.shape(l);
    if (!shape.key && shape.value && shape.dashes.length === 1) items.push(lines.span(l, shape.content, shape.content + shape.value.length));
  };
  const own = lines.shape(n);
  if (own.dashes[0] === dash) add(n);
  for (let l = n - 1; l >= 0; l--) {
    const level = lines.level(l);
    if (level === -1 || level > dash) continue;
    const shape = lines.shape(l);
    if (shape.marker || shape.indent < dash) break;
    if (shape.dashes[0] !== dash) break;
    add(l);
  }
  items.sort((a, b) => a.start - b.start);
  for (let l = n + 1; l < lines.count; l++) {
    const level = lines.level(l);
    if (level === -1 || level > dash) continue;
    const shape = lines.shape(l);
    if (shape.marker || shape.indent < dash) break;
    if (shape.dashes[0] !== dash) break;
    add(l);
  }
  return items;
}

// ---------------------------------------------------------------------------------------------------------------
// Flow collections.

interface Frame {
  open: '[' | '{';
  openOffset: number;
  /** The collection this one is nested in, and this one's place there: paths are built only for the frame used. */
  parent?: Frame;
  segment?: PathSegment;
  index: number;
  entryStart: number;
  key?: Span;
  valueStart?: number;
}

function flowPlace(lines: Lines, n: number, offset: number, indent: number): CursorPlace | undefined {
  for (let l = n; l >= 0 && l >= n - FLOW_LOOKBACK_LINES; l--) {
    const shape = lines.shape(l);
    if (shape.marker) return undefined;
    if (l < n && !lines.structural(l)) continue;
    const opensFlow = shape.value[0] === '[' || shape.value[0] === '{';
    if (opensFlow) {
      const start = lines.start(l) + shape.valueStart;
      if (start >= offset) return undefined;
      return flowPlaceFrom(lines, l, start, offset);
    }
    if (l < n && shape.indent < indent) return undefined;
  }
  return undefined;
}

function flowPlaceFrom(lines: Lines, l: number, start: number, offset: number): CursorPlace | undefined {
  const shape = lines.shape(l);
  let base: PathSegment[] | undefined;
  let parent: Entry[] = [];
  if (shape.key) {
    const mapPath = pathOfMapAt(lines, l, shape.key.start);
    base = mapPath && [...mapPath, shape.key.name];
    parent = mapEntries(lines, l, shape.key.start);
  } else if (shape.dashes.length) {
    const seq = pathOfSeqAt(lines, l, shape.dashes[shape.dashes.length - 1]);
    base = seq && [...seq.path, seq.index];
  } else {
    base = [];
  }
  if (!base) return undefined;
  const text = lines.source;
  const frames: Frame[] = [];
  // Whether only spaces came since the current token could start: a quote there opens a quoted scalar, elsewhere
  // it is an apostrophe. Kept as a flag, not by looking back, so a line of thousands of quotes stays linear.
  let atTokenStart = true;
  for (let i = start; i < offset; i++) {
    const ch = text[i];
    const top = frames[frames.length - 1];
    if ((ch === '"' || ch === "'") && atTokenStart) {
      const end = quoteEnd(text, i);
      if (end === -1 || end > offset) break;
      i = end - 1;
      atTokenStart = false;
    } else if (ch === '#' && /\s/.test(text[i - 1] ?? '')) {
      const newline = text.indexOf('\n', i);
      if (newline === -1 || newline >= offset) return NONE;
      i = newline;
    } else if (ch === '[' || ch === '{') {
      // Nesting thousands deep must not copy a path per level: each frame names only its own place.
      const segment = !top ? undefined : top.open === '[' ? top.index : top.key ? unquote(top.key.text) : '';
      frames.push({ open: ch, openOffset: i, parent: top, segment, index: 0, entryStart: i + 1 });
      atTokenStart = true;
    } else if (ch === ']' || ch === '}') {
      frames.pop();
      if (!frames.length) return undefined;
      atTokenStart = false;
    } else if (ch === ',' && top) {
      top.index++;
      top.entryStart = i + 1;
      top.key = undefined;
      top.valueStart = undefined;
      atTokenStart = true;
    } else if (ch === ':' && top?.open === '{' && top.valueStart === undefined && /[\s,}\]]/.test(text[i + 1] ?? ' ')) {
      top.key = trimmedSpan(text, top.entryStart, i);
      top.valueStart = i + 1;
      atTokenStart = true;
    } else if (!/\s/.test(ch)) {
      atTokenStart = false;
    }
  }
  const top = frames[frames.length - 1];
  if (!top) return undefined;
  const path = framePath(top, base);
  const entries = flowEntries(text, top.openOffset, shape.indent);
  if (top.open === '[') {
    const word = tokenAround(text, top.entryStart, offset, /[,\]}\n#]/);
    return {
      kind: 'item',
      path,
      index: top.index,
      word,
      flow: true,
      dash: true,
      column: -1,
      itemKeys: [],
      siblings: entries.items.filter((item) => item.start !== word.start),
      parent: frames.length === 1 ? parent : [],
    };
  }
  const present = entries.pairs.filter((pair) => pair.keySpan.start !== (top.key?.start ?? -1));
  if (top.valueStart === undefined) {
    const word = tokenAround(text, top.entryStart, offset, /[^A-Za-z0-9_-]/, true);
    let after = word.end;
    while (text[after] === ' ') after++;
    const hasColon = text[after] === ':';
    return { kind: 'key', path, column: -1, word, hasColon, flow: true, present: present.filter((pair) => pair.keySpan.start !== word.start) };
  }
  const word = tokenAround(text, top.valueStart, offset, /[,}\]\n#]/);
  const key = top.key ?? { start: top.entryStart, end: top.entryStart, text: '' };
  return { kind: 'value', path, key: unquote(key.text), keySpan: key, word, flow: true, present };
}


/** The data path of a flow collection: the path its outermost collection sits at, then each one's place in the next. */
function framePath(frame: Frame, base: PathSegment[]): PathSegment[] {
  const segments: PathSegment[] = [];
  for (let current: Frame | undefined = frame; current?.parent; current = current.parent) segments.push(current.segment ?? '');
  return [...base, ...segments.reverse()];
}

function trimmedSpan(text: string, start: number, end: number): Span {
  let s = start;
  let e = end;
  while (s < e && /\s/.test(text[s])) s++;
  while (e > s && /\s/.test(text[e - 1])) e--;
  return { start: s, end: e, text: text.slice(s, e) };
}

/**
 * The token holding the cursor in a flow entry: from the entry's first character to where `stop` matches after
 * the cursor, trimmed. With `wordOnly`, the part after the cursor runs over word characters only.
 */
function tokenAround(text: string, entryStart: number, offset: number, stop: RegExp, wordOnly = false): Span {
  let start = entryStart;
  while (start < offset && /\s/.test(text[start])) start++;
  let end = offset;
  while (end < text.length && !stop.test(text[end])) end++;
  if (!wordOnly) while (end > offset && /\s/.test(text[end - 1])) end--;
  return { start, end, text: text.slice(start, end) };
}

/** The entries of the flow collection opening at `open`: scalar items of a list, keys of a mapping. */
function flowEntries(text: string, open: number, openerIndent: number): { items: Span[]; pairs: Entry[] } {
  const items: Span[] = [];
  const pairs: Entry[] = [];
  const isMap = text[open] === '{';
  const limit = Math.min(text.length, open + FLOW_LOOKAHEAD_CHARS);
  let depth = 0;
  let entryStart = open + 1;
  let key: Span | undefined;
  let valueStart: number | undefined;
  let nested = false;
  const finish = (end: number) => {
    if (isMap) {
      if (key) {
        const value = trimmedSpan(text, valueStart!, end);
        pairs.push({ key: unquote(key.text), keySpan: key, value: value.text && !nested ? value : undefined });
      }
    } else if (!nested) {
      const item = trimmedSpan(text, entryStart, end);
      if (item.text) items.push(item);
    }
    key = undefined;
    valueStart = undefined;
    nested = false;
  };
  for (let i = open + 1; i < limit; i++) {
    const ch = text[i];
    if ((ch === '"' || ch === "'") && depth === 0) {
      const end = quoteEnd(text, i);
      if (end === -1) break;
      i = end - 1;
    } else if (ch === '#' && /\s/.test(text[i - 1] ?? '')) {
      const newline = text.indexOf('\n', i);
      if (newline === -1) break;
      i = newline;
    } else if (ch === '[' || ch === '{') {
      depth++;
      nested = true;
    } else if (ch === ']' || ch === '}') {
      if (depth === 0) {
        finish(i);
        break;
      }
      depth--;
    } else if (depth === 0 && ch === ',') {
      finish(i);
      entryStart = i + 1;
    } else if (depth === 0 && isMap && ch === ':' && valueStart === undefined && /[\s,}\]]/.test(text[i + 1] ?? ' ')) {
      key = trimmedSpan(text, entryStart, i);
      valueStart = i + 1;
    } else if (ch === '\n') {
      // A collection left open runs into the block lines after it: stop where the block structure resumes.
      const next = /^( *)(\S?)/.exec(text.slice(i + 1, i + 1 + 200))!;
      if (next[2] && next[2] !== '#' && next[1].length <= openerIndent && !']}'.includes(next[2])) {
        finish(i);
        break;
      }
    }
  }
  return { items, pairs };
}

// ---------------------------------------------------------------------------------------------------------------
// Suppression comments.

function directivePlace(lines: Lines, n: number, comment: number, col: number): CursorPlace {
  const line = lines.text(n);
  const text = line.slice(comment);
  const match = DIRECTIVE.exec(text);
  if (!match) return NONE;
  const idsStart = comment + match[0].length;
  const reason = line.indexOf('--', idsStart);
  const idsEnd = reason === -1 ? line.length : reason;
  if (col < idsStart || col > idsEnd) return NONE;
  const ruleIds: Span[] = [];
  for (const id of line.slice(idsStart, idsEnd).matchAll(/[^\s,]+/g)) ruleIds.push(lines.span(n, idsStart + id.index!, idsStart + id.index! + id[0].length));
  let start = col;
  while (start > idsStart && !/[\s,]/.test(line[start - 1])) start--;
  let end = col;
  while (end < idsEnd && !/[\s,]/.test(line[end])) end++;
  if (start === col && end === col && col === idsStart && !/\s/.test(line[col - 1] ?? '')) return NONE;
  return { kind: 'directive', word: lines.span(n, start, end), ruleIds };
}
