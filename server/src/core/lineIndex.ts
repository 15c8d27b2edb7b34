import type { SourceText } from './text/sourceText';
import { lastAtOrBefore } from './text/sortedSearch';

/** Offsets to zero-based line and character (UTF-16 code units, as LSP counts them), for output outside the editor. */
export class LineIndex {
  /**
   * Where each line starts. A typed array: an edit in a file of a hundred thousand lines copies it in one block, and
   * its memory lies outside the JavaScript heap, so keystrokes do not fill the heap with arrays to collect.
   */
  private readonly starts: Int32Array;

  constructor(text: SourceText, starts?: ArrayLike<number>) {
    this.starts = starts instanceof Int32Array ? starts : Int32Array.from(starts ?? lineStarts(text, 0, text.length, [0]));
  }

  /** The offsets where lines start: what rebuilds this index elsewhere (`new LineIndex(text, starts)`). Not to be changed. */
  get lineStarts(): Int32Array {
    return this.starts;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  positionAt(offset: number): { line: number; character: number } {
    const line = this.lineAt(offset);
    return { line, character: offset - this.starts[line] };
  }

  /** Where the line holding `offset` ends in the indexed `text`: at its line break, or at the end of the text. */
  lineEnd(text: SourceText, offset: number): number {
    const line = this.lineAt(offset);
    if (line + 1 >= this.starts.length) return text.length;
    const next = this.starts[line + 1];
    const end = text.charCodeAt(next - 1) === 10 /* \n */ && text.charCodeAt(next - 2) === 13 /* \r */ ? next - 2 : next - 1;
    // An offset on the LF of a CRLF is on no line's text: the break starts right there.
    return Math.max(end, offset);
  }

  lineAt(offset: number): number {
    return lastAtOrBefore(this.starts, offset);
  }

  /**
   * The index of `text`, which is the old text with [start, oldEnd) replaced up to newEnd: only the lines the edit
   * touched are scanned again, the rest are shifted.
   */
  withEdit(text: SourceText, start: number, oldEnd: number, newEnd: number): LineIndex {
    const delta = newEnd - oldEnd;
    // Rescan from the start of the line before the edit: a CR before it and an LF inserted after make one break.
    const firstLine = Math.max(this.lineAt(start) - 1, 0);
    const scanFrom = this.starts[firstLine];
    const scanTo = Math.min(newEnd + 1, text.length);
    const scanned = lineStarts(text, scanFrom, scanTo, [scanFrom]);
    // Old line starts past the rescanned part, where the old text is the same as the new one. They only grow, so
    // once one is past both the edit and the last line start scanned, all the rest are: copied and shifted in bulk
    // (a keystroke in a file of a hundred thousand lines).
    const lastScanned = scanned[scanned.length - 1];
    let line = this.lineAt(oldEnd + 1) + 1;
    while (line < this.starts.length && (this.starts[line] <= oldEnd + 1 || this.starts[line] + delta <= lastScanned)) line++;
    const starts = new Int32Array(firstLine + scanned.length + (this.starts.length - line));
    starts.set(this.starts.subarray(0, firstLine));
    starts.set(scanned, firstLine);
    const tailAt = firstLine + scanned.length;
    starts.set(this.starts.subarray(line), tailAt);
    if (delta !== 0) for (let i = tailAt; i < starts.length; i++) starts[i] += delta;
    return new LineIndex(text, starts);
  }
}

/**
 * Line indexes already made for texts kept as objects (an open document's text, one per version): a check of such a
 * text takes its index from here instead of making one of its own.
 */
const knownIndexes = new WeakMap<object, LineIndex>();

export function rememberLineIndex(text: SourceText, lines: LineIndex): void {
  if (typeof text === 'object') knownIndexes.set(text, lines);
}

export function knownLineIndex(text: SourceText): LineIndex | undefined {
  return typeof text === 'object' ? knownIndexes.get(text) : undefined;
}

/** Appends the offsets where lines start in text[from, to) (a line starts after LF, CR, or CRLF). */
function lineStarts(text: SourceText, from: number, to: number, starts: number[]): number[] {
  // A whole text with LF breaks only (most files): native searches for them, not a loop per character. Not for the
  // part an edit rescans, where a search could run on past `to`.
  if (typeof text === 'string' && from === 0 && to === text.length && !text.includes('\r')) {
    for (let lf = text.indexOf('\n'); lf !== -1; lf = text.indexOf('\n', lf + 1)) starts.push(lf + 1);
    return starts;
  }
  for (let i = from; i < to; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 13 /* \r */) {
      if (text.charCodeAt(i + 1) === 10) i++;
      if (i + 1 > starts[starts.length - 1]) starts.push(i + 1);
    } else if (ch === 10 /* \n */) {
      if (i + 1 > starts[starts.length - 1]) starts.push(i + 1);
    }
  }
  return starts;
}
