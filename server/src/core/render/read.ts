import { isAlias, isMap, isPair, isScalar, isSeq, Scalar, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import type { LineIndex } from '../lineIndex';
import type { OffsetRange } from '../problem';
import { nodeRange } from '../yamlDocument';

export interface TextValue {
  text: string;
  /** Zero-based line of the value (for a block scalar, the line of its `|` or `>`). */
  line: number;
  /** From the key to the end of the value, for placing problems. */
  range: OffsetRange;
  literal: boolean;
}

export interface ListValue {
  line: number;
  range: OffsetRange;
  items: { text: string; line: number; range: OffsetRange }[];
}

const MAX_ALIAS_HOPS = 100;

/**
 * Reads the fields the renderer shows and the model does not keep, as leniently as the model: a value of the wrong
 * shape is skipped (the schema reports it), scalars of other types show as written, aliases are followed.
 */
export class FieldReader {
  constructor(
    private readonly document: Document.Parsed,
    private readonly lines: LineIndex,
  ) {}

  line(offset: number): number {
    return this.lines.positionAt(offset).line;
  }

  root(): YAMLMap | undefined {
    const root = this.resolve(this.document.contents as Node | null);
    return isMap(root) ? root : undefined;
  }

  pair(map: YAMLMap | undefined, key: string): Pair | undefined {
    return map?.items.find((item) => isPair(item) && scalarKey(item) === key) as Pair | undefined;
  }

  /** From the key to the end of its value: where problems about a field start. */
  pairRange(pair: Pair): OffsetRange {
    const start = nodeRange(pair.key)?.start ?? nodeRange(pair.value)?.start ?? 0;
    return { start, end: Math.max(nodeRange(pair.value)?.end ?? nodeRange(pair.key)?.end ?? start, start + 1) };
  }

  map(map: YAMLMap | undefined, key: string): YAMLMap | undefined {
    const value = this.resolve(this.pair(map, key)?.value as Node | null);
    return isMap(value) ? value : undefined;
  }

  text(map: YAMLMap | undefined, key: string): TextValue | undefined {
    const pair = this.pair(map, key);
    if (!pair) return undefined;
    const value = pair.value as Node | null;
    const text = this.scalarText(value);
    if (text === undefined) return undefined;
    const range = this.pairRange(pair);
    return {
      text,
      line: this.line(nodeRange(value)?.start ?? range.start),
      range,
      literal: isScalar(value) && value.type === Scalar.BLOCK_LITERAL,
    };
  }

  /** A list of scalars; a single scalar where a list belongs reads as a list of one. */
  list(map: YAMLMap | undefined, key: string): ListValue | undefined {
    const pair = this.pair(map, key);
    if (!pair) return undefined;
    const raw = pair.value as Node | null;
    const value = this.resolve(raw);
    const range = this.pairRange(pair);
    const entries: Node[] = isSeq(value) ? (value.items as Node[]) : value ? [raw as Node] : [];
    const items: ListValue['items'] = [];
    for (const entry of entries) {
      const text = this.scalarText(entry);
      const itemRange = nodeRange(entry);
      if (text === undefined || text.trim() === '' || !itemRange) continue;
      items.push({ text, line: this.line(itemRange.start), range: itemRange });
    }
    return { line: this.line(range.start), range, items };
  }

  /** The mappings of a list of mappings (rating scale, FAQ), each with its range. */
  maps(map: YAMLMap | undefined, key: string): { node: YAMLMap; line: number; range: OffsetRange }[] {
    const value = this.resolve(this.pair(map, key)?.value as Node | null);
    if (!isSeq(value)) return [];
    const result: { node: YAMLMap; line: number; range: OffsetRange }[] = [];
    for (const item of value.items as Node[]) {
      const node = this.resolve(item);
      const range = nodeRange(item);
      if (isMap(node) && range) result.push({ node, line: this.line(range.start), range });
    }
    return result;
  }

  /** A scalar's text as the author sees it; undefined for null, maps and lists. */
  scalarText(node: Node | null | undefined): string | undefined {
    const value = this.resolve(node ?? null);
    if (!isScalar(value) || value.value === null || value.value === undefined) return undefined;
    if (typeof value.value === 'string') return value.value;
    if (typeof value.value === 'number' || typeof value.value === 'boolean' || typeof value.value === 'bigint') {
      return value.source ?? String(value.value);
    }
    return String(value.value);
  }

  private resolve(node: Node | null): Node | null {
    let current = node;
    for (let hops = 0; isAlias(current) && hops < MAX_ALIAS_HOPS; hops++) {
      current = (current.resolve(this.document) ?? null) as Node | null;
    }
    return isAlias(current) ? null : current;
  }
}

/**
 * A key's text when it is a scalar. A list or mapping used as a key names no field, and is not turned into text:
 * stringifying keys nested in keys takes time and memory that grow with every level.
 */
function scalarKey(pair: Pair): string | undefined {
  return isScalar(pair.key) ? String(pair.key.value) : undefined;
}
