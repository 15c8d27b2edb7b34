import { isAlias, isCollection, isMap, isPair, isSeq, type Document, type Node } from 'yaml';
import { parseAllDocuments } from '../yamlParse';
import { moveRanges } from './moveRanges';
import type { Problem } from '../problem';
import { questionSchemaProblems } from '../schema/schemaProblems';
import { PARSE_OPTIONS, indicatorRun, keyProblems, keyText, type ParsedYaml } from '../yamlDocument';
import { lineBreakLength, lineEndIn, type SourceText } from '../text/sourceText';
import { lastAtOrBefore } from '../text/sortedSearch';
import type { TextChange } from './textDiff';

/**
 * Where each question of a competency file sits in the text, and the syntax and schema problems found in each, so
 * that an edit inside one question re-parses and re-validates that question alone.
 *
 * A question's region runs from the start of its `- ` line to the start of the next one (the last ends where the
 * list ends). YAML decides structure by indentation, so as long as every line of the edited region stays deeper
 * than the dash (or is blank or a comment), the region parses the same alone as in the whole file.
 */
export interface QuestionLayout {
  /** Column of the items' dashes. */
  dashColumn: number;
  /** Offset of the start of each question's first line. */
  starts: number[];
  /** Where the last question's region ends. */
  end: number;
  /** Problems inside each question's region. */
  inQuestion: Problem[][];
  /** Problems anywhere else in the file. */
  elsewhere: Problem[];
  /** Questions that use anchors or aliases: their edits can change other questions, so they are re-checked whole. */
  linked: boolean[];
}

/** The layout of a file just checked in full, or undefined when its shape does not allow question-level edits. */
export function layoutOf(parsed: ParsedYaml, validation: readonly Problem[]): QuestionLayout | undefined {
  if (validation.some((problem) => problem.ruleId === 'yaml-syntax')) return undefined;
  const root = parsed.document.contents;
  if (!isMap(root)) return undefined;
  const pair = root.items.find((item) => isPair(item) && keyText(item) === 'questions');
  const seq = pair?.value;
  if (!isSeq(seq) || seq.flow || !seq.items.length) return undefined;
  const text = parsed.text;
  const starts: number[] = [];
  let dashColumn = -1;
  for (const item of seq.items) {
    const node = item as Node;
    const itemStart = node?.range?.[0];
    if (itemStart === undefined) return undefined;
    const dash = dashBefore(text, itemStart);
    if (dash === undefined) return undefined;
    const lineStart = lineStartOf(text, dash);
    const column = dash - lineStart;
    if (dashColumn === -1) dashColumn = column;
    if (column !== dashColumn || text.slice(lineStart, dash).trim() !== '') return undefined;
    if (starts.length && lineStart <= starts[starts.length - 1]) return undefined;
    starts.push(lineStart);
  }
  const end = listEnd(text, starts[starts.length - 1], dashColumn);
  const inQuestion: Problem[][] = starts.map(() => []);
  const elsewhere: Problem[] = [];
  for (const problem of validation) {
    const k = regionOf(starts, end, problem.range.start);
    if (k === undefined) elsewhere.push(problem);
    else inQuestion[k].push(problem);
  }
  // Anchors are written `&name` and aliases `*name`: a question whose text has neither character has none to look for.
  const ampersands = occurrences(text, '&');
  const asterisks = occurrences(text, '*');
  const linked = seq.items.map((item, k) => {
    const regionEnd = k + 1 < starts.length ? starts[k + 1] : end;
    return (ampersands(starts[k], regionEnd) || asterisks(starts[k], regionEnd)) && usesAnchors(item as Node);
  });
  return { dashColumn, starts, end, inQuestion, elsewhere, linked };
}

/**
 * The validation problems of `after`, when `change` falls inside one question whose region still has the same
 * shape; undefined means the whole file must be checked again.
 */
export interface RevalidatedQuestion {
  layout: QuestionLayout;
  validation: Problem[];
  /** Which question the edit was in. */
  index: number;
  /** Its item, parsed alone, with ranges in the whole text's offsets. */
  item: Node;
  /** Where its region was before the edit. */
  oldRegion: { start: number; end: number };
}

export function revalidateQuestion(layout: QuestionLayout, after: SourceText, change: TextChange): RevalidatedQuestion | undefined {
  const region = reparseQuestion(layout, after, change);
  if (!region) return undefined;
  const { index: k, document, item, data, start, oldEnd, delta } = region;
  const problems = questionSchemaProblems(document, item, data ?? null, k, after);

  // Most questions have no problems: their empty lists are kept, not copied. A file has thousands of questions and
  // this runs at every keystroke, hence plain loops over copies.
  const inQuestion = layout.inQuestion.slice();
  inQuestion[k] = problems;
  const starts = layout.starts.slice();
  for (let i = k + 1; i < starts.length; i++) {
    starts[i] += delta;
    if (inQuestion[i].length) inQuestion[i] = inQuestion[i].map((problem) => shiftProblem(problem, delta));
  }
  const elsewhere = layout.elsewhere.map((problem) => (problem.range.start >= layout.end ? shiftProblem(problem, delta) : problem));
  const next: QuestionLayout = { dashColumn: layout.dashColumn, starts, end: layout.end + delta, inQuestion, elsewhere, linked: layout.linked };
  const validation = [...elsewhere];
  for (const list of inQuestion) if (list.length) validation.push(...list);
  return { layout: next, validation, index: k, item, oldRegion: { start, end: oldEnd } };
}

/** One question's item parsed alone after an edit inside it, with ranges in the whole new text's offsets. */
export interface ReparsedQuestion {
  index: number;
  /** The standalone parse of the question's region: a list of that one item. */
  document: Document.Parsed;
  item: Node;
  /** The item as plain data. */
  data: unknown;
  /** The region before the edit, in the old text's offsets, and how much longer it got. */
  start: number;
  oldEnd: number;
  delta: number;
}

/**
 * Parses the question an edit falls in, alone, when that gives what a parse of the whole file would give for it:
 * the edit is inside one question, leaves its dash and every other line's indentation alone, and the region parses
 * cleanly without anchors, aliases or anything close to the whole-file limits. Undefined otherwise.
 */
export function reparseQuestion(
  layout: Pick<QuestionLayout, 'starts' | 'end' | 'dashColumn' | 'linked'>,
  after: SourceText,
  change: TextChange,
  options: { withNextLine?: boolean } = {},
): ReparsedQuestion | undefined {
  const k = regionOf(layout.starts, layout.end, change.start);
  if (k === undefined || layout.linked[k]) return undefined;
  const start = layout.starts[k];
  const oldEnd = k + 1 < layout.starts.length ? layout.starts[k + 1] : layout.end;
  // The edit must leave the dash and the line start of the next question alone.
  if (change.start < start + layout.dashColumn + 1 || change.oldEnd >= oldEnd) return undefined;
  const delta = change.newEnd - change.oldEnd;
  const region = after.slice(start, oldEnd + delta);
  if (!keepsShape(region, layout.dashColumn, k + 1 === layout.starts.length)) return undefined;

  // With the next question's first line, collections that close at the end of the region close where they do in
  // the whole text: at the next question's dash, or before it (what the parser decides from that next token).
  const withNext = options.withNextLine === true && k + 1 < layout.starts.length;
  const parsed = parseQuestionRegion(withNext ? throughLineAt(after, start, oldEnd + delta) : region, start, { withNext });
  if (!parsed) return undefined;
  let data: unknown;
  try {
    data = (parsed.document.toJS() as unknown[])[0];
  } catch {
    return undefined;
  }
  return { index: k, document: parsed.document, item: parsed.items[0], data, start, oldEnd, delta };
}

/**
 * A region of questions parsed alone: `source` from the start of a question's line (offset `start` of the whole
 * text), `count` questions long (one by default), then the next question's first line when `withNext`. Gives their
 * items, with ranges in the whole text's offsets. Undefined unless the region parses cleanly without anchors or
 * aliases: then it reads the same alone as in the whole file. Unless the whole text goes through parseYaml's own
 * checks (`wholeFileChecks`), anything close to its limits and any key it would report are refused too.
 */
export function parseQuestionRegion(
  source: string,
  start: number,
  options: { count?: number; withNext?: boolean; wholeFileChecks?: boolean } = {},
): { document: Document.Parsed; items: Node[] } | undefined {
  const count = options.count ?? 1;
  // Deep nesting and long runs of quotes or brackets have their own whole-file handling (see parseYaml): leave
  // anything close to them to the full check.
  if (!options.wholeFileChecks && ((source.match(/[[{]/g)?.length ?? 0) > 100 || /(?:[-:?][ \t]+){50,}/.test(source) || indicatorRun(source, 100))) {
    return undefined;
  }
  let documents: ReturnType<typeof parseAllDocuments>;
  try {
    documents = parseAllDocuments(source, PARSE_OPTIONS);
  } catch {
    return undefined;
  }
  if (documents.length !== 1) return undefined;
  const document = documents[0] as Document.Parsed;
  if (document.errors.length || document.warnings.length) return undefined;
  if (!options.wholeFileChecks) {
    const keys = keyProblems(document);
    if (keys.collectionKeys.length || keys.duplicateKeys.length) return undefined;
  }
  const seq = document.contents;
  if (!isSeq(seq) || seq.items.length !== count + (options.withNext ? 1 : 0)) return undefined;
  const items = seq.items.slice(0, count) as Node[];
  if (items.some(usesAnchors)) return undefined;
  // Every range from 0 on: all of them.
  moveRanges(document.contents, undefined, 0, start);
  return { document, items };
}

/**
 * The text from `start` through the line that starts at `lineStart`, its line break included: a region with the next
 * question's first line. One slice, not a string joined from two: the values cut from it then keep the text itself
 * alive, not a copy of it in pieces.
 */
export function throughLineAt(text: SourceText, start: number, lineStart: number): string {
  const end = lineEndIn(text, lineStart);
  return text.slice(start, end + lineBreakLength(text, end));
}

/** Every line after the first is blank, a comment, or deeper than the dash; the first still starts with it. */
function keepsShape(region: string, dashColumn: number, last: boolean): boolean {
  const lines = region.split(/\r\n|\r|\n/);
  const first = lines[0];
  if (first.slice(0, dashColumn).trim() !== '' || first[dashColumn] !== '-' || !(first.length === dashColumn + 1 || /[ \t]/.test(first[dashColumn + 1]))) {
    return false;
  }
  for (const line of lines.slice(1)) {
    const content = line.trimStart();
    if (!content || content.startsWith('#')) continue;
    if (line.length - content.length <= dashColumn) return false;
    // A document marker would end the document, not the question.
    if (last && /^(---|\.\.\.)(\s|$)/.test(line)) return false;
  }
  return true;
}

/**
 * Whether `ch` occurs in [start, end), for ranges asked in increasing order: one pass over the text in all, however
 * many ranges.
 */
function occurrences(text: string, ch: string): (start: number, end: number) => boolean {
  let next = text.indexOf(ch);
  return (start, end) => {
    if (next !== -1 && next < start) next = text.indexOf(ch, start);
    return next !== -1 && next < end;
  };
}

/** Whether a node or any node inside it has an anchor or is an alias. */
export function usesAnchors(node: unknown): boolean {
  if (!node) return false;
  if (isAlias(node) || (node as { anchor?: string }).anchor) return true;
  if (isPair(node)) return usesAnchors(node.key) || usesAnchors(node.value);
  return isCollection(node) && node.items.some(usesAnchors);
}

export function shiftProblem(problem: Problem, delta: number): Problem {
  return { ...problem, range: { start: problem.range.start + delta, end: problem.range.end + delta } };
}

function regionOf(starts: readonly number[], end: number, offset: number): number | undefined {
  if (offset < starts[0] || offset >= end) return undefined;
  return lastAtOrBefore(starts, offset);
}

/** The dash that opens a list item: the first non-blank character before the item's content. */
function dashBefore(text: string, offset: number): number | undefined {
  for (let i = offset - 1; i >= 0; i--) {
    const ch = text[i];
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') continue;
    return ch === '-' ? i : undefined;
  }
  return undefined;
}

function lineStartOf(text: string, offset: number): number {
  // A lone CR can only be between the last LF and the offset: look there, backwards, and nowhere else (searching
  // forwards or to the start of the file would cost its length for every question).
  const lf = text.lastIndexOf('\n', offset - 1);
  for (let i = offset - 1; i > lf; i--) if (text.charCodeAt(i) === 13) return i + 1;
  return lf + 1;
}

/** Where the list ends after its last item's line: the next line that is not blank, a comment, or deeper. */
function listEnd(text: string, lastStart: number, dashColumn: number): number {
  const pattern = /\r\n|\r|\n/g;
  pattern.lastIndex = lastStart;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    const lineStart = match.index + match[0].length;
    const lineEnd = text.slice(lineStart).search(/\r\n|\r|\n/);
    const line = text.slice(lineStart, lineEnd === -1 ? text.length : lineStart + lineEnd);
    const content = line.trimStart();
    if (content && !content.startsWith('#') && line.length - content.length <= dashColumn) return lineStart;
  }
  return text.length;
}

