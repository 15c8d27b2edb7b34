import { SymbolKind, type DocumentSymbol, type Range, type WorkspaceSymbol } from 'vscode-languageserver';
import { isMap, isPair, isScalar, isSeq, type Node, type Pair } from 'yaml';
import type { ListField, QuestionModel } from '../core/model';
import type { ParsedDocument } from '../core/parseCache';
import type { OffsetRange } from '../core/problem';
import type { FileSummary } from '../core/workspace/fileSummary';
import type { WorkspaceIndex } from '../core/workspace/workspaceIndex';
import { byCodeUnits } from '../core/text/codeUnitOrder';
import { withGroupedDigits } from '../core/text/groupedDigits';
import { keyRange, nodeRange, readableRange } from '../core/yamlDocument';
import type { PositionSource } from './diagnostics';

const NAME_LENGTH = 60;
/**
 * An outline stops growing here, as VS Code's JSON and YAML outlines do (`json.maxItemsComputed`,
 * `yaml.maxItemsComputed`): a bank of thousands of questions lists its questions without each area and follow-up.
 */
export const MAX_OUTLINE_ITEMS = 5000;
/** Workspace symbol searches stop here; the picker narrows as the user types. */
const MAX_WORKSPACE_SYMBOLS = 500;

/**
 * The outline of a bank file: a competency with its fields and questions (named by their text) and each question's
 * areas and follow-ups; a guide with its sections and their chosen questions (named from the workspace index).
 */
export function findDocumentSymbols(document: ParsedDocument, lines: PositionSource, options: OutlineOptions = {}): DocumentSymbol[] {
  const { index, maxItems = MAX_OUTLINE_ITEMS, memo } = options;
  const root = document.parsed.document.contents as Node | null;
  if (!isMap(root)) return [];
  const rootRange = nodeRange(root) ?? { start: 0, end: document.text.length };
  const symbol = (name: string, detail: string | undefined, kind: SymbolKind, range: OffsetRange, selection: OffsetRange | undefined, children?: DocumentSymbol[]) =>
    makeSymbol(lines, name, detail, kind, range, selection, children);
  const { model } = document;
  const children: DocumentSymbol[] = [];
  let shortened = false;
  for (const item of root.items) {
    if (!isPair(item)) continue;
    // A list or mapping used as a key is named by its source, never stringified (that can take minutes).
    const key = isScalar(item.key) ? String(item.key.value) : sourceOf(document.text, item.key);
    const range = pairRange(item);
    if (!range) continue;
    if (model.kind === 'competency' && key === 'questions') {
      const detail = outlineDetail(model.questions, maxItems);
      if (detail !== 'full') shortened = true;
      for (const question of model.questions.slice(0, maxItems)) {
        const build = () => questionSymbol(document.text, lines, question, detail);
        children.push(memo ? memo.question(question, detail, lines, build) : build());
      }
    } else if (model.kind === 'guide' && key === 'sections') {
      for (const section of model.sections) {
        const competency = section.competency !== undefined ? index?.competency(section.competency) : undefined;
        const questions = (section.questions ?? []).map((chosen) => {
          const question = competency?.questions.find((q) => q.id === chosen.text);
          return symbol(shorten(question?.text) || chosen.text || '(empty)', chosen.text, SymbolKind.Method, chosen.range, chosen.range);
        });
        const name = competency?.name || section.competency || `Section ${section.index + 1}`;
        children.push(symbol(name, section.competency, SymbolKind.Module, section.range, section.competencyRange ?? section.anchorRange, questions));
      }
    } else if (!(model.kind === 'competency' && key === 'competency') && !(model.kind === 'guide' && key === 'guide')) {
      const value = item.value as Node | null;
      const kind = isSeq(value) ? SymbolKind.Array : isMap(value) ? SymbolKind.Object : SymbolKind.Property;
      // A key of spaces or invisible characters, or a list used as a key, still gets a short, visible name.
      children.push(symbol(shorten(key) || '(key)', isSeq(value) ? `${value.items.length}` : undefined, kind, range, keyRange(item)));
    }
  }
  const title = model.kind === 'competency' ? model.name : model.title;
  const titlePair = root.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === model.kind) as Pair | undefined;
  const name = title || model.id || (model.kind === 'competency' ? 'Competency' : 'Guide');
  const detail = shortened ? `${model.id ? `${model.id} · ` : ''}outline shortened to ${withGroupedDigits(maxItems)} items` : model.id;
  return [symbol(name, detail, SymbolKind.Class, { start: Math.min(rootRange.start, 0), end: Math.max(rootRange.end, 0) }, (titlePair && nodeRange(titlePair.value)) ?? model.idRange, children)];
}

export interface OutlineOptions {
  /** The workspace index, which names a guide's chosen questions. */
  index?: WorkspaceIndex;
  maxItems?: number;
  /** Question symbols kept from earlier outlines of the same document. */
  memo?: OutlineMemo;
}

/** How much of a question the outline shows: everything, its lists without their items, or the question alone. */
type OutlineDetail = 'full' | 'lists' | 'questions';

function questionSymbol(text: string, lines: PositionSource, question: QuestionModel, detail: OutlineDetail): DocumentSymbol {
  const name = shorten(question.text) || question.id || `Question ${question.index + 1}`;
  const selection = question.textRange ? readableRange(text, question.textRange) : (question.idRange ?? question.anchorRange);
  const lists =
    detail === 'questions'
      ? []
      : [listSymbol(lines, 'areas_to_cover', question.areasToCover, detail === 'full'), listSymbol(lines, 'follow_ups', question.followUps, detail === 'full')];
  return makeSymbol(lines, name, question.id, SymbolKind.Method, question.range, selection, lists.filter((s): s is DocumentSymbol => !!s));
}

interface KeptQuestion {
  detail: OutlineDetail;
  /** Names a question with neither text nor id. */
  index: number;
  /** Where the question started. */
  line: number;
  character: number;
  symbol: DocumentSymbol;
}

/**
 * Question symbols kept between outline requests. The editor asks for the outline after every edit, and an edit inside
 * one question leaves every other question's node in the parse tree as it was (see ParseCache): a kept node holds the
 * same text, so its symbol stays right for as long as it starts at the same line and character and the outline shows
 * as much of each question as before. Only the edited question's symbol is built again, and a large bank's outline no
 * longer leaves thousands of symbols behind for the garbage collector at each edit. Kept by node, so what no parse
 * holds any longer goes with it.
 */
export class OutlineMemo {
  private readonly kept = new WeakMap<object, KeptQuestion>();

  question(question: QuestionModel, detail: OutlineDetail, lines: PositionSource, build: () => DocumentSymbol): DocumentSymbol {
    const { line, character } = lines.positionAt(question.range.start);
    const kept = this.kept.get(question.node);
    if (kept && kept.detail === detail && kept.index === question.index && kept.line === line && kept.character === character) return kept.symbol;
    const symbol = build();
    this.kept.set(question.node, { detail, index: question.index, line, character, symbol });
    return symbol;
  }
}

/** How much of each question the outline can show within `maxItems` symbols: everything, its lists, or itself. */
function outlineDetail(questions: readonly QuestionModel[], maxItems: number): OutlineDetail {
  let lists = 0;
  let items = 0;
  for (const question of questions) {
    for (const field of [question.areasToCover, question.followUps]) {
      if (!field) continue;
      lists++;
      items += field.items.length;
    }
  }
  if (questions.length + lists + items <= maxItems) return 'full';
  return questions.length + lists <= maxItems ? 'lists' : 'questions';
}

function listSymbol(lines: PositionSource, name: string, field: ListField | undefined, withItems = true): DocumentSymbol | undefined {
  if (!field) return undefined;
  const range = { start: field.keyRange.start, end: Math.max(field.valueRange.end, field.keyRange.end) };
  const items = withItems ? field.items.map((item) => makeSymbol(lines, shorten(item.text) || '(empty)', undefined, SymbolKind.String, item.range, item.range)) : [];
  return makeSymbol(lines, name, `${field.items.length}`, SymbolKind.Array, range, field.keyRange, items);
}

function makeSymbol(
  lines: PositionSource,
  name: string,
  detail: string | undefined,
  kind: SymbolKind,
  range: OffsetRange,
  selection: OffsetRange | undefined,
  children?: DocumentSymbol[],
): DocumentSymbol {
  const full = toRange(lines, range);
  // The selection must lie inside the range, or the editor drops the symbol.
  const inside = selection && selection.start >= range.start && selection.end <= range.end ? selection : { start: range.start, end: range.start };
  return { name, detail, kind, range: full, selectionRange: toRange(lines, inside), children };
}

/** The text a node was written as, cut to a name's length. */
function sourceOf(text: string, node: unknown): string {
  const range = nodeRange(node);
  return range ? shorten(text.slice(range.start, Math.min(range.end, range.start + 200))) : '';
}

function pairRange(pair: Pair): OffsetRange | undefined {
  const key = keyRange(pair);
  if (!key) return undefined;
  const value = nodeRange(pair.value);
  return { start: key.start, end: Math.max(key.end, value?.end ?? key.end) };
}

function toRange(lines: PositionSource, range: OffsetRange): Range {
  return { start: lines.positionAt(range.start), end: lines.positionAt(range.end) };
}

/** A text as a one-line name: spaces collapsed, cut at a word boundary. */
export function shorten(text: string | undefined, length = NAME_LENGTH): string {
  const flat = collapsedStart(text ?? '', length);
  if (flat.length <= length) return flat;
  const cut = flat.slice(0, length);
  const space = cut.lastIndexOf(' ');
  return `${withoutTrailingPunctuation(space > length / 2 ? cut.slice(0, space) : cut)}…`;
}

/**
 * The text with its white space collapsed and trimmed, as far as it decides a name of `length` characters: all of
 * it, or a start longer than `length` that the whole collapsed text begins with. The outline of a bank of thousands
 * of questions names each by its text, and most texts are several times longer than a name.
 */
function collapsedStart(source: string, length: number): string {
  for (let window = length + 20; ; window *= 4) {
    const whole = source.length <= window;
    const part = whole ? source : source.slice(0, window);
    // Most texts are spaced plainly: looking for other spacing takes a fraction of a replace that finds nothing.
    const flat = (NOT_PLAINLY_SPACED.test(part) ? part.replace(/\s+/g, ' ') : part).trim();
    // Collapsing only ever shortens, and a run of white space cut by the window's end collapses to the one space the
    // whole run does: a start that collapses to more than `length` characters begins the whole text collapsed.
    if (whole || flat.length > length) return flat;
  }
}

function withoutTrailingPunctuation(text: string): string {
  let end = text.length;
  while (end > 0 && TRAILING_PUNCTUATION.test(text[end - 1])) end--;
  return text.slice(0, end);
}

const TRAILING_PUNCTUATION = /[\s,;:.]/;

/** Any white space but a single space. */
const NOT_PLAINLY_SPACED = /[^\S ]| {2}/;

// ---------------------------------------------------------------------------------------------------------------

/**
 * Competencies, guides and questions of the whole bank whose name contains the query's characters in order
 * (as the symbol picker matches), best matches first.
 */
export function findWorkspaceSymbols(query: string, files: Iterable<FileSummary>): WorkspaceSymbol[] {
  const scored: { score: number; symbol: WorkspaceSymbol }[] = [];
  const needle = query.toLowerCase().replace(/\s+/g, '');
  const consider = (name: string, extra: string | undefined, symbol: () => WorkspaceSymbol) => {
    const score = Math.max(matchScore(needle, name), extra ? matchScore(needle, extra) - 1 : -1);
    if (score >= 0) scored.push({ score, symbol: symbol() });
  };
  for (const file of files) {
    const location = (range: OffsetRange | undefined) => ({ uri: file.uri, range: toRange(file.lines, range ?? { start: 0, end: 0 }) });
    const fileName = file.name || file.id || file.uri.replace(/^.*\//, '');
    consider(fileName, file.id, () => ({
      name: fileName,
      kind: SymbolKind.Class,
      containerName: file.id,
      location: location(file.idRange),
    }));
    for (const question of file.questions) {
      const name = shorten(question.text) || question.id;
      if (!name) continue;
      consider(name, question.id, () => ({
        name,
        kind: SymbolKind.Method,
        containerName: file.name || file.id,
        location: location(question.textRange ?? question.idRange ?? question.anchorRange),
      }));
    }
  }
  return scored
    .sort((a, b) => b.score - a.score || byCodeUnits(a.symbol.name, b.symbol.name))
    .slice(0, MAX_WORKSPACE_SYMBOLS)
    .map((entry) => entry.symbol);
}

/** -1 when the query's characters do not all appear in order; higher for a contiguous or word-start match. */
function matchScore(needle: string, name: string): number {
  if (!needle) return 0;
  const haystack = name.toLowerCase();
  const at = haystack.indexOf(needle);
  if (at !== -1) return at === 0 ? 3 : /\W/.test(haystack[at - 1]) ? 2 : 1;
  let i = 0;
  for (const ch of haystack) if (ch === needle[i]) i++;
  return i === needle.length ? 0 : -1;
}
