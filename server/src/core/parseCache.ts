import { fileKindOf, type FileKind } from './fileKind';
import { buildModel, type BankModel } from './model';
import { summarize, type FileSummary } from './workspace/fileSummary';
import { parseYaml, type ParsedYaml } from './yamlDocument';

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
    if (cached && cached.version === version && cached.text.length === text.length) {
      // Refresh its place in the LRU order.
      this.entries.delete(uri);
      this.entries.set(uri, cached);
      return cached;
    }
    const entry = parseDocument(uri, version, kind, text);
    this.entries.delete(uri);
    this.entries.set(uri, entry);
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
  const parsed = parseYaml(text);
  const model = buildModel(parsed, kind);
  let summary: FileSummary | undefined;
  return { uri, version, kind, text, parsed, model, summary: () => (summary ??= summarize(uri, text, model)) };
}
