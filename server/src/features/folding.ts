import { FoldingRangeKind, type FoldingRange } from 'vscode-languageserver';
import { isMap, isPair, isSeq, type Node } from 'yaml';
import { keyRange, nodeRange, type ParsedYaml } from '../core/yamlDocument';
import type { PositionSource } from './diagnostics';

/**
 * Folding by YAML structure: every key whose value spans lines (a question's text, its lists, a whole `questions:`
 * bank), every list item that spans lines (each question, each section), and runs of comment lines. It replaces the
 * editor's indentation folding, so it covers the whole file, not only questions and sections.
 */
export function findFoldingRanges(parsed: ParsedYaml, lines: PositionSource): FoldingRange[] {
  const ranges: FoldingRange[] = [];
  const { text } = parsed;
  const add = (start: number, end: number, kind?: FoldingRangeKind) => {
    const startLine = lines.positionAt(start).line;
    const endLine = lines.positionAt(lastContent(text, start, end)).line;
    if (endLine > startLine) ranges.push(kind ? { startLine, endLine, kind } : { startLine, endLine });
  };
  const visit = (node: unknown) => {
    if (isMap(node)) {
      for (const item of node.items) {
        if (!isPair(item)) continue;
        const key = keyRange(item);
        const value = nodeRange(item.value);
        if (key && value) add(key.start, value.end);
        visit(item.value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) {
        const range = nodeRange(item);
        if (range) add(range.start, range.end);
        visit(item);
      }
    }
  };
  visit(parsed.document.contents as Node | null);
  foldComments(text, ranges);
  ranges.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
  // One range per start line, the widest: a question item and its first key often start on the same line.
  return ranges.filter((range, i) => i === 0 || ranges[i - 1].startLine !== range.startLine);
}

/** The offset of the last non-space character before `end` (so a range ending on a newline keeps its own line). */
function lastContent(text: string, start: number, end: number): number {
  let i = Math.min(end, text.length) - 1;
  while (i > start && /\s/.test(text[i])) i--;
  return Math.max(i, start);
}

function foldComments(text: string, ranges: FoldingRange[]): void {
  const all = text.split(/\r\n|\r|\n/);
  let first = -1;
  for (let i = 0; i <= all.length; i++) {
    const comment = i < all.length && /^\s*#/.test(all[i]);
    if (comment && first === -1) first = i;
    if (!comment && first !== -1) {
      if (i - 1 > first) ranges.push({ startLine: first, endLine: i - 1, kind: FoldingRangeKind.Comment });
      first = -1;
    }
  }
}
