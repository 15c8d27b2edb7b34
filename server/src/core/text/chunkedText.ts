import type { TextChange } from '../incremental/textDiff';
import type { SourceText } from './sourceText';
import { lastAtOrBefore } from './sortedSearch';

/**
 * Pieces of about this many characters. An edit copies the piece it falls in and the list of pieces: at 16 KB, a
 * 6 MB file has about 400 of them, so both copies are a few kilobytes.
 */
const CHUNK_SIZE = 16 * 1024;
/** How many earlier versions a text remembers its change from (the checks skipped while typing fast). */
const HISTORY = 32;

let lastId = 0;

/**
 * A text kept as a list of pieces, that an edit turns into a new text sharing every piece it did not touch. Editing
 * a string copies the whole file (V8 flattens the joined string the first time it is read): for a 6 MB file that is
 * about 4.5 ms and 6 MB of garbage per keystroke, more than checking the edited question takes. Each version also
 * knows the span that changed since each of its last few versions, so a check need not compare whole texts to find
 * it. Immutable: the whole text as one string is made on first demand and kept.
 */
export class ChunkedText implements SourceText {
  /** Tells versions apart, for `changeSince`. */
  private readonly id = ++lastId;
  private flat: string | undefined;
  /** The piece the last read was in: reads come in runs through one place. */
  private lastChunk = 0;

  private constructor(
    private readonly chunks: readonly string[],
    /** Where each piece starts. */
    private readonly starts: Int32Array,
    readonly length: number,
    private readonly chunkSize: number,
    /** For each of the last versions this one was edited from, newest first: the span that changed since. */
    private readonly history: readonly { id: number; change: TextChange }[],
  ) {}

  static from(text: string, chunkSize = CHUNK_SIZE): ChunkedText {
    const chunks = split(text, chunkSize);
    const created = new ChunkedText(chunks, startsOf(chunks, 0, new Int32Array(chunks.length), 0), text.length, chunkSize, []);
    created.flat = text;
    return created;
  }

  charCodeAt(index: number): number {
    if (this.flat !== undefined) return this.flat.charCodeAt(index);
    if (!(index >= 0 && index < this.length)) return NaN;
    const k = this.chunkAt(index);
    return this.chunks[k].charCodeAt(index - this.starts[k]);
  }

  slice(start = 0, end = this.length): string {
    if (this.flat !== undefined) return this.flat.slice(start, end);
    const from = clampIndex(start, this.length);
    const to = clampIndex(end, this.length);
    if (to <= from) return '';
    let k = this.chunkAt(from);
    const first = this.chunks[k];
    const offset = this.starts[k];
    if (to <= offset + first.length) return first.slice(from - offset, to - offset);
    const parts = [first.slice(from - offset)];
    for (k++; k < this.chunks.length && this.starts[k] < to; k++) parts.push(this.chunks[k].slice(0, to - this.starts[k]));
    return parts.join('');
  }

  /** The whole text as one string, made once. */
  toString(): string {
    return (this.flat ??= this.chunks.join(''));
  }

  /** This text with [start, end) replaced by `insert`. */
  replace(start: number, end: number, insert: string): ChunkedText {
    const from = clampIndex(Math.min(start, end), this.length);
    const to = clampIndex(Math.max(start, end), this.length);
    let first = this.chunkAt(from);
    // An edit that ends where a piece starts leaves that piece alone.
    let last = to > from ? this.chunkAt(to - 1) : first;
    let merged = this.chunks[first].slice(0, from - this.starts[first]) + insert + this.chunks[last].slice(to - this.starts[last]);
    // Deletions must not leave a trail of tiny pieces: a small one takes in its neighbour.
    if (merged.length < this.chunkSize / 4 && this.chunks.length > last - first + 1) {
      if (last + 1 < this.chunks.length) merged += this.chunks[++last];
      else merged = this.chunks[--first] + merged;
    }
    const pieces = merged.length > 2 * this.chunkSize ? split(merged, this.chunkSize) : [merged];
    const chunks = [...this.chunks.slice(0, first), ...pieces, ...this.chunks.slice(last + 1)];
    const starts = new Int32Array(chunks.length);
    starts.set(this.starts.subarray(0, first));
    startsOf(chunks, first, starts, this.starts[first] ?? 0);
    const change = { start: from, oldEnd: to, newEnd: from + insert.length };
    const history = [{ id: this.id, change }, ...this.history.slice(0, HISTORY - 1).map((earlier) => ({ id: earlier.id, change: compose(earlier.change, change) }))];
    return new ChunkedText(chunks, starts, this.length - (to - from) + insert.length, this.chunkSize, history);
  }

  /**
   * A span outside which `older` and this text are the same (`older` from its start to `start` and after `oldEnd`,
   * this one after `newEnd`), when this text was edited from it within its last few versions; not always the
   * smallest one (see changeBetween).
   */
  changeSince(older: ChunkedText): TextChange | undefined {
    return this.history.find((entry) => entry.id === older.id)?.change;
  }

  private chunkAt(offset: number): number {
    const k = this.lastChunk;
    if (this.starts[k] <= offset && (k + 1 === this.chunks.length || offset < this.starts[k + 1])) return k;
    return (this.lastChunk = lastAtOrBefore(this.starts, offset));
  }
}

/** One change after another as one: [start, oldEnd) of the first text became [start, newEnd) of the last. */
export function compose(first: TextChange, second: TextChange): TextChange {
  const firstDelta = first.newEnd - first.oldEnd;
  const start = Math.min(first.start, second.start);
  // Where the second change ends, in the first text: past the first change, moved back by what it added.
  const oldEnd = Math.max(first.oldEnd, second.oldEnd - firstDelta);
  return { start, oldEnd, newEnd: oldEnd + firstDelta + (second.newEnd - second.oldEnd) };
}

function split(text: string, size: number): string[] {
  if (text.length <= size) return [text];
  const chunks: string[] = [];
  for (let at = 0; at < text.length; at += size) chunks.push(text.slice(at, at + size));
  return chunks;
}

/** Fills `starts` from piece `from` on, that piece starting at `offset`. */
function startsOf(chunks: readonly string[], from: number, starts: Int32Array, offset: number): Int32Array {
  for (let k = from; k < chunks.length; k++) {
    starts[k] = offset;
    offset += chunks[k].length;
  }
  return starts;
}

/** An index as `String.prototype.slice` reads one: from the end when negative, within the text. */
function clampIndex(index: number, length: number): number {
  if (Number.isNaN(index)) return 0;
  return index < 0 ? Math.max(length + index, 0) : Math.min(index, length);
}
