import type { FileKind } from '../fileKind';
import type { PathSegment } from '../yamlDocument';
import { schemasByKind } from './validators';

/** The parts of a JSON schema node that completion and hover read, with `$ref` already followed. */
export interface SchemaNode {
  type?: string;
  description?: string;
  properties?: Record<string, SchemaNode>;
  required?: string[];
  items?: SchemaNode;
  enum?: string[];
  examples?: unknown[];
  minimum?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  $ref?: string;
}

/** Fields whose text is Markdown: written as folded block scalars (`>-`) in the format's examples. */
export function isMarkdownField(node: SchemaNode | undefined): boolean {
  return /\(Markdown\)\s*$/.test(node?.description ?? '');
}

/**
 * Follows a node's `$ref` (local `#/definitions/...` only). The node's own keywords win over the target's, so a
 * property's description is used rather than the generic one of its definition.
 */
export function resolveSchema(kind: FileKind, node: SchemaNode | undefined): SchemaNode | undefined {
  let current = node;
  for (let hops = 0; current?.$ref && hops < 8; hops++) {
    const target = lookup(schemasByKind[kind], current.$ref);
    const { $ref: _ref, ...own } = current;
    current = target ? { ...target, ...own, $ref: target.$ref } : own;
  }
  return current;
}

/** The schema of the value at a data path (map keys and list indices); undefined off the schema. */
export function schemaAt(kind: FileKind, path: readonly PathSegment[]): SchemaNode | undefined {
  let node = resolveSchema(kind, schemasByKind[kind] as SchemaNode);
  for (const segment of path) {
    if (!node) return undefined;
    if (typeof segment === 'number') node = resolveSchema(kind, node.items);
    else node = resolveSchema(kind, node.properties?.[segment]);
  }
  return node;
}

/** Whether a data path is `sections[n].<key>` of a guide: where competency and question ids are written. */
export function isSectionKey(path: readonly PathSegment[], key: string): boolean {
  return path.length === 3 && path[0] === 'sections' && typeof path[1] === 'number' && path[2] === key;
}

/** The schema of a key of the mapping at `mapPath`. */
export function propertySchema(kind: FileKind, mapPath: readonly PathSegment[], key: string): SchemaNode | undefined {
  return resolveSchema(kind, schemaAt(kind, mapPath)?.properties?.[key]);
}

/** A short type label for details: `string`, `list of strings`, `one of draft, in-review, approved`. */
export function typeLabel(kind: FileKind, node: SchemaNode): string {
  if (node.enum) return `one of ${node.enum.join(', ')}`;
  if (node.type === 'array') {
    const items = resolveSchema(kind, node.items);
    if (items?.type === 'object') return 'list of entries';
    return `list of ${items?.type ?? 'value'}s`;
  }
  if (node.type === 'integer') return node.minimum !== undefined ? `whole number, at least ${node.minimum}` : 'whole number';
  if (node.type === 'string' && isMarkdownField(node)) return 'Markdown text';
  return node.type ?? 'value';
}

function lookup(root: object, ref: string): SchemaNode | undefined {
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = root;
  for (const part of ref.slice(2).split('/')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return node as SchemaNode | undefined;
}
