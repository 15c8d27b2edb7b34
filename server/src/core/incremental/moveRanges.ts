import { isCollection, isPair, type Document, type Node, type Range } from 'yaml';

/**
 * Moves the ranges of a tree from `oldEnd` on by `delta`, leaving out `replaced`. Written for the job rather than with
 * yaml's `visit`, which keeps a path for every node: in a file of 5,000 questions, where every one after the edit is
 * walked, this takes about half the time (25 against 45 ms).
 */
export function moveRanges(node: unknown, replaced: Node | undefined, oldEnd: number, delta: number): void {
  if (!node || node === replaced) return;
  if (isPair(node)) {
    moveRanges(node.key, replaced, oldEnd, delta);
    moveRanges(node.value, replaced, oldEnd, delta);
    return;
  }
  const range = (node as { range?: Range | null }).range;
  // A node's children lie inside its range: one that ends before the edit has nothing to move.
  if (range && range[2] < oldEnd) return;
  moveRange(range, oldEnd, delta);
  if (isCollection(node)) for (const item of node.items) moveRanges(item, replaced, oldEnd, delta);
}

function moveRange(range: Range | undefined | null, oldEnd: number, delta: number): void {
  if (range) for (let i = 0; i < range.length; i++) if (range[i] >= oldEnd) range[i] += delta;
}

/** Moves a document's own range and its tree's, from `oldEnd` on, by `delta`, leaving out `replaced`. */
export function moveDocumentRanges(document: Document.Parsed, replaced: Node | undefined, oldEnd: number, delta: number): void {
  moveRange(document.range, oldEnd, delta);
  moveRanges(document.contents, replaced, oldEnd, delta);
}
