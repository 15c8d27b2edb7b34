import type { TextDocumentContentChangeEvent, TextDocumentsConfiguration } from 'vscode-languageserver';
import type { Position, Range, TextDocument } from 'vscode-languageserver-textdocument';
import { LineIndex, rememberLineIndex } from './core/lineIndex';
import { ChunkedText } from './core/text/chunkedText';
import { isLineBreak } from './core/text/sourceText';

/**
 * An open document as the editor syncs it, with its text kept in pieces (ChunkedText): a keystroke changes one piece
 * and shifts the line index, where a string would copy the whole file. `text` is what the checks read; `getText()`
 * joins the pieces the first time a version asks for the whole text. Positions and offsets follow
 * vscode-languageserver-textdocument exactly: lines break at CR, LF and CRLF, and a position past a line's end is
 * its end.
 */
export class ChunkedTextDocument implements TextDocument {
  private lines: LineIndex;

  constructor(
    readonly uri: string,
    readonly languageId: string,
    private currentVersion: number,
    private current: ChunkedText,
  ) {
    this.lines = new LineIndex(current.toString());
    rememberLineIndex(current, this.lines);
  }

  get version(): number {
    return this.currentVersion;
  }

  /** The text of this version, for reading parts of it. */
  get text(): ChunkedText {
    return this.current;
  }

  get lineCount(): number {
    return this.lines.lineCount;
  }

  getText(range?: Range): string {
    if (!range) return this.current.toString();
    // Like String.prototype.substring, which the reference uses: a range written backwards reads forwards.
    const [start, end] = [this.offsetAt(range.start), this.offsetAt(range.end)].sort((x, y) => x - y);
    return this.current.slice(start, end);
  }

  offsetAt(position: Position): number {
    const starts = this.lines.lineStarts;
    if (position.line >= starts.length) return this.current.length;
    if (position.line < 0) return 0;
    const lineStart = starts[position.line];
    if (position.character <= 0) return lineStart;
    const nextLineStart = position.line + 1 < starts.length ? starts[position.line + 1] : this.current.length;
    return this.beforeLineBreak(Math.min(lineStart + position.character, nextLineStart), lineStart);
  }

  positionAt(offset: number): Position {
    const inside = Math.max(Math.min(offset, this.current.length), 0);
    const line = this.lines.lineAt(inside);
    const lineStart = this.lines.lineStarts[line];
    return { line, character: this.beforeLineBreak(inside, lineStart) - lineStart };
  }

  getLineRange(line: number): Range {
    const starts = this.lines.lineStarts;
    if (line >= starts.length) {
      const last = starts.length - 1;
      return { start: { line: last, character: 0 }, end: { line: last, character: this.current.length - starts[last] } };
    }
    if (line < 0) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const nextLineStart = line + 1 < starts.length ? starts[line + 1] : this.current.length;
    return { start: { line, character: 0 }, end: { line, character: this.beforeLineBreak(nextLineStart, starts[line]) - starts[line] } };
  }

  getEOLCharacters(line: number): string {
    const starts = this.lines.lineStarts;
    if (line < 0 || line >= starts.length) return '';
    const nextLineStart = line + 1 < starts.length ? starts[line + 1] : this.current.length;
    return this.current.slice(this.beforeLineBreak(nextLineStart, starts[line]), nextLineStart);
  }

  update(changes: readonly TextDocumentContentChangeEvent[], version: number): void {
    for (const change of changes) {
      if ('range' in change && change.range) {
        const { start, end } = wellFormed(change.range);
        const from = this.offsetAt(start);
        const to = this.offsetAt(end);
        this.current = this.current.replace(from, to, change.text);
        this.lines = this.lines.withEdit(this.current, from, to, from + change.text.length);
      } else {
        this.current = ChunkedText.from(change.text);
        this.lines = new LineIndex(change.text);
      }
    }
    // The checks of this version use the same index.
    rememberLineIndex(this.current, this.lines);
    this.currentVersion = version;
  }

  private beforeLineBreak(offset: number, lineStart: number): number {
    while (offset > lineStart && isLineBreak(this.current.charCodeAt(offset - 1))) offset--;
    return offset;
  }
}

/** What `TextDocuments` needs to keep ChunkedTextDocuments in sync with the editor. */
export const chunkedTextDocuments: TextDocumentsConfiguration<ChunkedTextDocument> = {
  create: (uri, languageId, version, content) => new ChunkedTextDocument(uri, languageId, version, ChunkedText.from(content)),
  update: (document, changes, version) => {
    document.update(changes, version);
    return document;
  },
};

function wellFormed(range: Range): Range {
  const { start, end } = range;
  return start.line > end.line || (start.line === end.line && start.character > end.character) ? { start: end, end: start } : range;
}
