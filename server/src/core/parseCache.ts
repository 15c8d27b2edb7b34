import { isMap, isPair, isSeq, type Document, type Node } from 'yaml';
import { fileKindOf, type FileKind } from './fileKind';
import { layoutOf, reparseQuestion, type QuestionLayout } from './incremental/questionLayout';
import { moveDocumentRanges } from './incremental/moveRanges';
import { diffText } from './incremental/textDiff';
import { buildModel, type BankModel } from './model';
import { summarize, type FileSummary } from './workspace/fileSummary';
import { parseBankYaml } from './incremental/questionWiseParse';
import { keyText, type ParsedYaml } from './yamlDocument';

type Layout = Pick<QuestionLayout, 'starts' | 'end' | 'dashColumn' | 'linked'>;

/** One version of an open bank file, parsed once for every feature that asks about it. */
export interface ParsedDocument {
  uri: string;
  version: number;
  kind: FileKind;
  text: string;
  parsed: ParsedYaml;
  model: BankModel;
  /** The workspace summary of this very text (computed on first use): cross-file features see unsaved edits. */
  summary(): FileSummary;
  /** Where a competency file's questions are (computed on first use), so the next version can be parsed by question. */
  layout(): Layout | undefined;
  /** Parsed whole, not put together from the previous version's tree and one question parsed again. */
  whole: boolean;
}

/**
 * Parses per document version, so the outline, folding, code lens and navigation requests that follow one edit
 * share a single parse. Keeps the last few versions only (LRU); tests can clear it.
 */
export class ParseCache {
  private readonly entries = new Map<string, ParsedDocument>();
  /** Summaries outlive the LRU of parses: they are small, and cross-file requests need one per open document. */
  private readonly summaries = new Map<string, { version: number; length: number; summary: FileSummary }>();

  constructor(private readonly capacity = 10) {}

  get(uri: string, version: number, text: string): ParsedDocument | undefined {
    const kind = fileKindOf(uri);
    if (!kind) return undefined;
    const cached = this.entries.get(uri);
    if (cached && cached.version === version && cached.text.length === text.length) return this.keep(cached);
    // Typing a word and deleting it, or undoing back, gives a new version of the same text: its parse is the same.
    if (cached && cached.text === text) return this.keep({ ...cached, version });
    const edited = cached && editedDocument(cached, version, text);
    if (edited) return this.keep(edited);
    // The previous version's tree is of no more use: let it go before the new one is built beside it, which at the
    // peak of a large file's parse is worth as much memory as the tree itself.
    this.entries.delete(uri);
    return this.keep(parseDocument(uri, version, kind, text));
  }

  /**
   * Takes the parse a whole-file check of this document version made, so the outline, folding and code lenses the
   * editor asks for right after opening a file do not parse it a second time. A newer version already cached stays.
   */
  adopt(uri: string, version: number, parsed: ParsedYaml, model: BankModel): void {
    const kind = fileKindOf(uri);
    const cached = this.entries.get(uri);
    if (!kind || (cached && cached.version >= version)) return;
    this.keep(documentOf(uri, version, kind, parsed, { model }));
  }

  /** The cached parse of this document version when it was parsed whole: what a whole-file check can use as it is. */
  wholeParse(uri: string, version: number, length: number): ParsedDocument | undefined {
    const cached = this.entries.get(uri);
    return cached?.whole && cached.version === version && cached.text.length === length ? cached : undefined;
  }

  /** Stores an entry as the most recently used, dropping the least recently used beyond the capacity. */
  private keep(entry: ParsedDocument): ParsedDocument {
    this.entries.delete(entry.uri);
    this.entries.set(entry.uri, entry);
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return entry;
  }

  /** The workspace summary of a document version: parsed when neither it nor the parse is cached. */
  summary(uri: string, version: number, text: string): FileSummary | undefined {
    const cached = this.summaries.get(uri);
    if (cached && cached.version === version && cached.length === text.length) return cached.summary;
    const summary = this.get(uri, version, text)?.summary();
    if (summary) this.summaries.set(uri, { version, length: text.length, summary });
    return summary;
  }

  delete(uri: string): void {
    this.entries.delete(uri);
    this.summaries.delete(uri);
  }

  clear(): void {
    this.entries.clear();
    this.summaries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}

export function parseDocument(uri: string, version: number, kind: FileKind, text: string): ParsedDocument {
  return documentOf(uri, version, kind, parseBankYaml(text));
}

/**
 * `edited` is the layout worked out for a version put together from the previous one by `editedDocument`; `model` one
 * built already from this parse.
 */
function documentOf(uri: string, version: number, kind: FileKind, parsed: ParsedYaml, from: { edited?: Layout; model?: BankModel } = {}): ParsedDocument {
  const model = from.model ?? buildModel(parsed, kind);
  let summary: FileSummary | undefined;
  let layout: Layout | undefined | null = from.edited;
  return {
    uri,
    version,
    kind,
    text: parsed.text,
    parsed,
    model,
    summary: () => (summary ??= summarize(uri, parsed.text, model)),
    layout: () => (layout === undefined ? (layout = (kind === 'competency' && layoutOf(parsed, parsed.syntaxProblems)) || null) : layout) ?? undefined,
    whole: !from.edited,
  };
}

/**
 * The next version of a competency file whose edit stays inside one question: that question is parsed alone and
 * put in place of the old one in the previous version's tree, whose later ranges move by the edit's length. The
 * previous version's tree is reused, so it must not be read again (the cache holds one version per file). Comments
 * carry no offsets and nothing reads them from the tree, so one between questions needs no care.
 * Undefined when the edit needs a whole parse.
 */
function editedDocument(previous: ParsedDocument, version: number, text: string): ParsedDocument | undefined {
  if (previous.kind !== 'competency' || previous.parsed.syntaxProblems.length) return undefined;
  const layout = previous.layout();
  const change = diffText(previous.text, text);
  if (!layout || !change) return undefined;
  const region = reparseQuestion(layout, text, change, { withNextLine: true });
  const root = previous.parsed.document.contents;
  const questions = isMap(root) ? root.items.find((item) => isPair(item) && keyText(item) === 'questions')?.value : undefined;
  const data = previous.parsed.data as { questions?: unknown[] } | undefined;
  if (!region || !isSeq(questions) || questions.items.length !== layout.starts.length || !Array.isArray(data?.questions)) return undefined;
  const { index, item, oldEnd, delta } = region;
  // The list's and the file's own ends are inside the last question's region, and where they fall depends on it.
  if (index === layout.starts.length - 1) return undefined;
  const replaced = questions.items[index] as Node;
  const document: Document.Parsed = previous.parsed.document;
  moveDocumentRanges(document, replaced, oldEnd, delta);
  questions.items[index] = item as (typeof questions.items)[number];
  data.questions[index] = region.data;
  const next: Layout = {
    dashColumn: layout.dashColumn,
    starts: layout.starts.map((offset, i) => (i <= index ? offset : offset + delta)),
    end: layout.end + delta,
    linked: layout.linked,
  };
  return documentOf(previous.uri, version, previous.kind, { text, document, data, syntaxProblems: [] }, { edited: next });
}
