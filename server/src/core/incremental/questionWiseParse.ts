import { isMap, isPair, isScalar, isSeq, type Document, type Node } from 'yaml';
import { parseAllDocuments } from '../yamlParse';
import { PARSE_OPTIONS, parseYaml, type ParsedYaml } from '../yamlDocument';
import { isLineBreak, lineBreakLength, lineEndIn } from '../text/sourceText';
import { moveDocumentRanges } from './moveRanges';
import { parseQuestionRegion, throughLineAt } from './questionLayout';

/**
 * From this length on, bank files are parsed a few questions at a time where they can be. The yaml parser holds the
 * syntax tree of a whole document until it has built the document from it, about thirteen bytes for every byte of
 * text (16 MB for a 1,000-question file). It is freed once the document is built, but the process keeps the memory it
 * grew to: after opening a 5,000-question file the server held 211 MB parsed whole and 137 MB parsed this way. Below
 * this length that peak is a megabyte or so, and one parse is simpler.
 */
export const BY_QUESTION_MIN_LENGTH = 100_000;
const BATCH_LENGTH = 32_000;

/** How a bank file is parsed: question by question when it is long enough and that reads the same (see parseByQuestion). */
export function parseBankYaml(text: string): ParsedYaml {
  return parseYaml(text, text.length >= BY_QUESTION_MIN_LENGTH ? { byQuestion: parseByQuestion } : {});
}

/**
 * The document a whole parse of `text` gives, put together from parses of its parts: the file with the questions of
 * its top-level `questions:` list but the last left out, then those questions, a few at a time (as an edit inside
 * one is parsed, see reparseQuestion). Undefined, for a whole parse, unless every part parses cleanly and the
 * questions have no anchors or aliases: then each part reads alone as it does in the whole file. The parts' syntax
 * trees are small, and each is dropped before the next is made.
 */
export function parseByQuestion(text: string): Document.Parsed | undefined {
  const list = questionList(text);
  if (!list) return undefined;
  const { keyStart, dashColumn, starts } = list;
  const last = starts.length - 1;
  // The questions before the last stand as one empty item; the last is kept, for the list to end where it puts it.
  const placeholder = `${' '.repeat(dashColumn)}-\n`;
  let documents: ReturnType<typeof parseAllDocuments>;
  try {
    documents = parseAllDocuments(text.slice(0, starts[0]) + placeholder + text.slice(starts[last]), PARSE_OPTIONS);
  } catch {
    return undefined;
  }
  const document = documents[0] as Document.Parsed | undefined;
  if (documents.length !== 1 || !document || document.errors.length || document.warnings.length) return undefined;
  const root = document.contents;
  const pair = isMap(root) ? root.items.find((item) => isPair(item) && isScalar(item.key) && item.key.value === 'questions') : undefined;
  const questions = pair?.value;
  if (!isPair(pair) || (pair.key as Node).range?.[0] !== keyStart || !isSeq(questions) || questions.flow || questions.items.length !== 2) return undefined;
  const lastInOutline = starts[0] + placeholder.length;
  moveDocumentRanges(document, undefined, lastInOutline, starts[last] - lastInOutline);
  const items: unknown[] = [];
  // A few dozen kilobytes at a time: each parse has a cost of its own, and the syntax tree of that much is small.
  for (let k = 0; k < last; ) {
    let j = k + 1;
    while (j < last && starts[j] - starts[k] < BATCH_LENGTH) j++;
    // With the next question's first line, as an edit's question is parsed.
    const batch = parseQuestionRegion(throughLineAt(text, starts[k], starts[j]), starts[k], { count: j - k, withNext: true, wholeFileChecks: true });
    if (!batch) return undefined;
    items.push(...batch.items);
    k = j;
  }
  items.push(questions.items[1]);
  questions.items = items as typeof questions.items;
  return document;
}

/**
 * Where the items of a top-level block list `questions:` start, told by indentation alone: the key at the start of a
 * line, then item lines with a dash at one column, and lines deeper than it, blank, or comments, up to the first
 * line that is none of these. Undefined when the file is not written so, has tabs in an indentation, or has fewer
 * than two questions. What this finds is checked against the parse (see parseByQuestion).
 */
function questionList(text: string): { keyStart: number; dashColumn: number; starts: number[] } | undefined {
  const keyStart = lineStartingWith(text, 'questions:');
  if (keyStart === undefined || lineStartingWith(text, 'questions:', keyStart + 1) !== undefined) return undefined;
  const keyLineEnd = lineEndIn(text, keyStart);
  // Nothing after the colon but a comment: the list is on the lines below.
  if (!/^[ \t]*(?:#.*)?$/.test(text.slice(keyStart + 'questions:'.length, keyLineEnd))) return undefined;
  const starts: number[] = [];
  let dashColumn = -1;
  // Most files break lines with LF alone: then a native search finds each line's end.
  const lfOnly = !text.includes('\r');
  for (let lineStart = keyLineEnd + lineBreakLength(text, keyLineEnd); lineStart < text.length; ) {
    const lf = lfOnly ? text.indexOf('\n', lineStart) : -1;
    const end = lfOnly ? (lf === -1 ? text.length : lf) : lineEndIn(text, lineStart);
    let at = lineStart;
    while (at < end && text.charCodeAt(at) === 32 /* space */) at++;
    if (text.charCodeAt(at) === 9 /* tab */) return undefined;
    const indent = at - lineStart;
    const blankOrComment = at === end || text.charCodeAt(at) === 35; /* # */
    // Lines deeper than the dashes belong to the question above; the first line that is not stops the list.
    if (!blankOrComment && (dashColumn === -1 || indent <= dashColumn)) {
      const item = text.charCodeAt(at) === 45 /* - */ && (at + 1 === end || text.charCodeAt(at + 1) === 32);
      if (!item || (dashColumn !== -1 && indent !== dashColumn)) break;
      dashColumn = indent;
      starts.push(lineStart);
    }
    lineStart = end + lineBreakLength(text, end);
    if (end === text.length) break;
  }
  return starts.length >= 2 ? { keyStart, dashColumn, starts } : undefined;
}

/** The offset of the first line from `from` on that starts with `prefix`. */
function lineStartingWith(text: string, prefix: string, from = 0): number | undefined {
  for (let at = text.indexOf(prefix, from); at !== -1; at = text.indexOf(prefix, at + 1)) {
    if (at === 0 || isLineBreak(text.charCodeAt(at - 1))) return at;
  }
  return undefined;
}
