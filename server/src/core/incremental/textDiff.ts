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
