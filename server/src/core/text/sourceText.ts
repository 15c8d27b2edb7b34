/**
 * The text a check reads. A `string` is one; so is an open document's text kept in pieces (see ChunkedText), which
 * an edit changes without copying the whole file. Code on the path of a keystroke reads through these methods and
 * asks for `toString()` (the whole text as one string) only where it needs all of it.
 */
export interface SourceText {
  readonly length: number;
  charCodeAt(index: number): number;
  slice(start?: number, end?: number): string;
  toString(): string;
}

/** Whether two texts read the same: at once when they are one object, by their contents otherwise. */
export function sameText(a: SourceText, b: SourceText): boolean {
  return a === b || (a.length === b.length && a.toString() === b.toString());
}

/** How long the line break at `offset` is: 2 for CRLF, 1 for a lone CR or LF, 0 anywhere else (the end of the text). */
export function lineBreakLength(text: SourceText, offset: number): number {
  const ch = text.charCodeAt(offset);
  if (ch === 13 /* \r */) return text.charCodeAt(offset + 1) === 10 /* \n */ ? 2 : 1;
  return ch === 10 /* \n */ ? 1 : 0;
}

/** Where the line holding `offset` ends: at its CR or LF, or at the end of the text. */
export function lineEndIn(text: SourceText, offset: number): number {
  let i = Math.max(offset, 0);
  while (i < text.length) {
    if (isLineBreak(text.charCodeAt(i))) return i;
    i++;
  }
  return text.length;
}

/** Whether a character code is a CR or an LF. */
export function isLineBreak(code: number): boolean {
  return code === 13 /* \r */ || code === 10 /* \n */;
}
