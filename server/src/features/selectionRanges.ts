import type { Position, SelectionRange } from 'vscode-languageserver';
import { isMap, isPair, isSeq, type Node } from 'yaml';
import type { OffsetRange } from '../core/problem';
import { keyRange, nodeRange, type ParsedYaml } from '../core/yamlDocument';

interface OffsetSource {
  positionAt(offset: number): Position;
  offsetAt(position: Position): number;
}

/**
 * Expand selection by YAML structure: value, `key: value`, the mapping holding it, the list item with its dash,
 * the list, the key owning the list, and so on up to the whole file.
 */
export function findSelectionRanges(parsed: ParsedYaml, document: OffsetSource, positions: readonly Position[]): SelectionRange[] {
  return positions.map((position) => {
    const offset = document.offsetAt(position);
    const chain = chainAt(parsed, offset);
    let current: SelectionRange | undefined;
    for (const range of chain) {
      if (current && sameRange(current, document, range)) continue;
      current = { range: { start: document.positionAt(range.start), end: document.positionAt(range.end) }, parent: current };
    }
    return current ?? { range: { start: position, end: position } };
  });
}

/** Ranges holding `offset`, outermost first. */
function chainAt(parsed: ParsedYaml, offset: number): OffsetRange[] {
  const { text } = parsed;
  const chain: OffsetRange[] = [];
  const push = (range: OffsetRange | undefined) => {
    if (!range) return;
    const trimmed = trimEnd(text, range);
    const outer = chain[chain.length - 1];
    // Each range must lie within the one before it.
    if (outer && (trimmed.start < outer.start || trimmed.end > outer.end)) return;
    chain.push(trimmed);
  };
  push({ start: 0, end: text.length });
  let node = parsed.document.contents as Node | null;
  for (let depth = 0; node && depth < 100; depth++) {
    const range = nodeRange(node);
    if (!range || offset < range.start || offset > range.end) break;
    push(range);
    if (isMap(node)) {
      const pair = node.items.find((item) => {
        if (!isPair(item)) return false;
        const key = keyRange(item);
        const end = nodeRange(item.value)?.end ?? key?.end ?? -1;
        return key !== undefined && key.start <= offset && offset <= trimEnd(text, { start: key.start, end }).end;
      });
      if (!pair) break;
      const key = keyRange(pair)!;
      const value = nodeRange(pair.value);
      push({ start: key.start, end: Math.max(key.end, value?.end ?? key.end) });
      if (offset <= key.end) {
        push(key);
        break;
      }
      node = pair.value as Node | null;
    } else if (isSeq(node)) {
      const item = node.items.find((entry) => {
        const r = nodeRange(entry);
        return r !== undefined && r.start <= offset && offset <= trimEnd(text, r).end;
      }) as Node | undefined;
      if (!item) break;
      const itemRange = nodeRange(item)!;
      push({ start: dashBefore(text, itemRange.start), end: itemRange.end });
      node = item;
    } else {
      break;
    }
  }
  return chain;
}

/** The offset of the `- ` that introduces a block list item, or the item's own start in a flow list. */
function dashBefore(text: string, start: number): number {
  let i = start - 1;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t')) i--;
  return text[i] === '-' ? i : start;
}

function trimEnd(text: string, range: OffsetRange): OffsetRange {
  let end = Math.min(range.end, text.length);
  while (end > range.start && /\s/.test(text[end - 1])) end--;
  return { start: range.start, end };
}

function sameRange(current: SelectionRange, document: OffsetSource, range: OffsetRange): boolean {
  return document.offsetAt(current.range.start) === range.start && document.offsetAt(current.range.end) === range.end;
}
