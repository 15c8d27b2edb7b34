import { ChunkedText } from '../text/chunkedText';
import type { SourceText } from '../text/sourceText';

export interface TextChange {
  /** Offset where old and new text start to differ. */
  start: number;
  /** End of the replaced part in the old text. */
  oldEnd: number;
  /** End of the replacement in the new text. */
  newEnd: number;
}

const CHUNK = 4096;

/**
 * The single replaced span that turns `before` into `after`: common prefix and suffix, compared a chunk at a time
 * (native string comparison) and then a character at a time, so a keystroke in a megabyte file costs microseconds.
 */
export function diffText(before: string, after: string): TextChange | undefined {
  if (before === after) return undefined;
  const limit = Math.min(before.length, after.length);
  let start = 0;
  while (start + CHUNK <= limit && before.slice(start, start + CHUNK) === after.slice(start, start + CHUNK)) start += CHUNK;
  while (start < limit && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let oldEnd = before.length;
  let newEnd = after.length;
  const room = () => Math.min(oldEnd, newEnd) - start;
  while (room() >= CHUNK && before.slice(oldEnd - CHUNK, oldEnd) === after.slice(newEnd - CHUNK, newEnd)) {
    oldEnd -= CHUNK;
    newEnd -= CHUNK;
  }
  while (room() > 0 && before.charCodeAt(oldEnd - 1) === after.charCodeAt(newEnd - 1)) {
    oldEnd--;
    newEnd--;
  }
  return { start, oldEnd, newEnd };
}

/**
 * diffText for any two texts. When `after` is an edit of `before` (see ChunkedText), the span the edits touched is
 * known, and only the characters at its ends are compared to narrow it to what diffText finds: a keystroke in a
 * large file never reads the rest of it.
 */
export function changeBetween(before: SourceText, after: SourceText): TextChange | undefined {
  if (before === after) return undefined;
  const known = before instanceof ChunkedText && after instanceof ChunkedText ? after.changeSince(before) : undefined;
  if (!known) return diffText(before.toString(), after.toString());
  const limit = Math.min(before.length, after.length);
  // The texts agree before the known span; the common prefix may run on into it, or past it.
  let start = known.start;
  while (start < limit && before.charCodeAt(start) === after.charCodeAt(start)) {
    start++;
    // Past a span that kept its length, the rest is the same too.
    if (start >= known.oldEnd && known.oldEnd === known.newEnd) return undefined;
  }
  if (start === before.length && before.length === after.length) return undefined;
  // They agree after it; the common suffix may run back into it, but never over the prefix (as in diffText).
  const skip = Math.min(before.length - known.oldEnd, limit - start);
  let oldEnd = before.length - skip;
  let newEnd = after.length - skip;
  while (Math.min(oldEnd, newEnd) > start && before.charCodeAt(oldEnd - 1) === after.charCodeAt(newEnd - 1)) {
    oldEnd--;
    newEnd--;
  }
  return { start, oldEnd, newEnd };
}
