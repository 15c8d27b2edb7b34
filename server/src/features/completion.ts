import {
  Command,
  CompletionItemKind,
  InsertTextFormat,
  InsertTextMode,
  MarkupKind,
  type CompletionItem,
  type CompletionList,
  type Position,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { FileKind } from '../core/fileKind';
import { builtinChecks, rules } from '../core/rules';
import { isMarkdownField, isSectionKey, propertySchema, resolveSchema, schemaAt, typeLabel, type SchemaNode } from '../core/schema/schemaInfo';
import { byCodeUnits } from '../core/text/codeUnitOrder';
import type { WorkspaceIndex } from '../core/workspace/workspaceIndex';
import { cursorPlace, unquote, type Entry, type Span } from '../core/yamlCursor';
import type { PathSegment } from '../core/yamlDocument';

export interface CompletionContext {
  kind: FileKind;
  /** Every bank file of the workspace: competency and question ids for guides. */
  index?: WorkspaceIndex;
  /** The character that triggered the request, when one did. */
  triggerCharacter?: string;
}

/** Typing these after `-`, `:` or `,` (the space) or opening a flow list asks for completions. */
export const COMPLETION_TRIGGER_CHARACTERS = [' ', '[', ','];

const INDENT = '  ';
/** Keys a new question gets although the schema does not require them: the lint rules expect them. */
const EXPECTED_KEYS = new Set(['areas_to_cover', 'follow_ups']);
const TRIGGER_SUGGEST = Command.create('Suggest', 'editor.action.triggerSuggest');
const ITEM_NAMES: Record<string, string> = { questions: 'question', sections: 'section', rating_scale: 'rating point', faq: 'FAQ entry' };
/** Rule ids a suppression comment cannot name. */
const NOT_SUPPRESSIBLE = new Set(['yaml-syntax']);

const EMPTY: CompletionList = { isIncomplete: false, items: [] };

/**
 * Completions at a position: keys the schema allows there (not yet written) with a value skeleton, enum values,
 * and in guides the competency and question ids of the workspace. Reads the lines around the cursor, never
 * parses the whole file, so it stays instant in a large bank.
 */
export function doComplete(document: TextDocument, position: Position, context: CompletionContext): CompletionList {
  const text = document.getText();
  const offset = document.offsetAt(position);
  if (context.triggerCharacter === ' ' && !/[-:,]\s$/.test(text.slice(Math.max(0, offset - 2), offset))) return EMPTY;
  const place = cursorPlace(text, offset);
  const items = (() => {
    switch (place.kind) {
      case 'key':
        return keyItems(document, context.kind, place.path, place.word, new Set(keys(place.present)), { hasColon: place.hasColon, flow: place.flow });
      case 'value':
        return valueItems(document, context, place.path, place.key, place.word);
      case 'item':
        return itemItems(document, context, place);
      case 'child':
        return childItems(document, context, place.path, place.word, place.present);
      case 'directive':
        return ruleIdItems(document, place.word, place.ruleIds);
      default:
        return [];
    }
  })();
  return { isIncomplete: false, items };
}

function keys(entries: readonly Entry[]): string[] {
  return entries.map((entry) => entry.key);
}

interface KeyOptions {
  hasColon: boolean;
  flow: boolean;
  /** Written before the key: `- ` when the key starts a new list item on a blank line. */
  prefix?: string;
}

function keyItems(document: TextDocument, kind: FileKind, mapPath: PathSegment[], word: Span, present: Set<string>, options: KeyOptions): CompletionItem[] {
  const schema = schemaAt(kind, mapPath);
  if (!schema?.properties) return [];
  const required = new Set(schema.required ?? []);
  const column = document.positionAt(word.start).character;
  const range = rangeOf(document, word);
  const items: CompletionItem[] = [];
  Object.keys(schema.properties).forEach((name, order) => {
    if (present.has(name)) return;
    const property = resolveSchema(kind, schema.properties![name])!;
    const status = required.has(name) ? 'required' : EXPECTED_KEYS.has(name) && schema.properties!.follow_ups ? 'expected' : 'optional';
    const newText = options.hasColon ? name : keySnippet(kind, name, property, column, options.flow);
    items.push({
      label: name,
      kind: CompletionItemKind.Property,
      detail: `${status} · ${typeLabel(kind, property)}`,
      documentation: property.description ? { kind: MarkupKind.Markdown, value: property.description } : undefined,
      sortText: `${status === 'optional' ? 1 : 0}${String(order).padStart(3, '0')}`,
      filterText: name,
      textEdit: { range, newText },
      insertTextFormat: InsertTextFormat.Snippet,
      insertTextMode: InsertTextMode.asIs,
      command: !options.hasColon && offersValues(kind, [...mapPath, name], property) ? TRIGGER_SUGGEST : undefined,
    });
  });
  return items;
}

/** Whether completion has something to offer right after the key is inserted. */
function offersValues(kind: FileKind, path: PathSegment[], property: SchemaNode): boolean {
  if (property.enum || property.type === 'object') return true;
  if (kind !== 'guide') return false;
  return isSectionKey(path, 'competency') || isSectionKey(path, 'questions');
}


/** `key: <value skeleton>` with absolute indentation: lists get their first item, Markdown a folded block. */
function keySnippet(kind: FileKind, name: string, property: SchemaNode, column: number, flow: boolean): string {
  const pad = ' '.repeat(column);
  if (property.enum) return `${name}: \${1|${property.enum.join(',')}|}`;
  if (flow) return property.type === 'array' ? `${name}: [$1]` : `${name}: $1`;
  if (property.type === 'integer') return `${name}: \${1:${exampleOf(property) ?? 1}}`;
  if (property.type === 'object') return `${name}:\n${pad}${INDENT}$0`;
  if (property.type === 'array') {
    const items = resolveSchema(kind, property.items);
    if (items?.type === 'object') return `${name}:\n${pad}${INDENT}- ${itemSkeleton(kind, items, column + 4, 1)}`;
    return `${name}:\n${pad}${INDENT}- $1`;
  }
  if (isMarkdownField(property)) return `${name}: >-\n${pad}${INDENT}$1`;
  return `${name}: $1`;
}

/** The keys of a new list item (required ones, plus those the lint rules expect), the first on the dash's line. */
function itemSkeleton(kind: FileKind, item: SchemaNode, column: number, firstStop: number): string {
  const pad = ' '.repeat(column);
  const names = Object.keys(item.properties ?? {}).filter((name) => item.required?.includes(name) || EXPECTED_KEYS.has(name));
  let stop = firstStop;
  const lines = names.map((name, i) => {
    const property = resolveSchema(kind, item.properties![name])!;
    const prefix = i === 0 ? '' : pad;
    if (property.type === 'array') return `${prefix}${name}:\n${pad}${INDENT}- \${${stop++}}`;
    if (property.type === 'integer') return `${prefix}${name}: \${${stop++}:${exampleOf(property) ?? 1}}`;
    return `${prefix}${name}: \${${stop++}}`;
  });
  return lines.join('\n') || `\${${firstStop}}`;
}

function exampleOf(property: SchemaNode): unknown {
  return property.examples?.[0];
}

function valueItems(document: TextDocument, context: CompletionContext, mapPath: PathSegment[], key: string, word: Span): CompletionItem[] {
  const range = rangeOf(document, word);
  if (context.kind === 'guide' && isSectionKey([...mapPath, key], 'competency')) return competencyItems(context, range);
  const property = propertySchema(context.kind, mapPath, key);
  if (!property?.enum) return [];
  return property.enum.map((value, i) => ({
    label: value,
    kind: CompletionItemKind.EnumMember,
    documentation: property.description ? { kind: MarkupKind.Markdown, value: property.description } : undefined,
    sortText: String(i).padStart(3, '0'),
    textEdit: { range, newText: value },
  }));
}

function competencyItems(context: CompletionContext, range: ReturnType<typeof rangeOf>): CompletionItem[] {
  const seen = new Set<string>();
  const items: CompletionItem[] = [];
  for (const file of context.index?.all() ?? []) {
    if (file.kind !== 'competency' || !file.id || seen.has(file.id)) continue;
    seen.add(file.id);
    items.push({
      label: file.id,
      kind: CompletionItemKind.Module,
      detail: file.name,
      documentation: file.summary ? { kind: MarkupKind.Markdown, value: file.summary } : undefined,
      textEdit: { range, newText: file.id },
    });
  }
  return items.sort((a, b) => byCodeUnits(a.label, b.label));
}

function itemItems(document: TextDocument, context: CompletionContext, place: Extract<ReturnType<typeof cursorPlace>, { kind: 'item' }>): CompletionItem[] {
  if (context.kind === 'guide' && isSectionKey(place.path, 'questions')) {
    const competency = place.parent.find((entry) => entry.key === 'competency')?.value;
    const chosen = new Set(place.siblings.map((span) => unquote(span.text)));
    return questionIdItems(document, context, competency && unquote(competency.text), chosen, place.word, place.dash ? '' : '- ');
  }
  const items = resolveSchema(context.kind, schemaAt(context.kind, place.path)?.items);
  if (items?.type !== 'object') return [];
  if (place.dash) {
    if (!/^[A-Za-z0-9_-]*$/.test(place.word.text)) return [];
    return keyItems(document, context.kind, [...place.path, place.index], place.word, new Set(keys(place.itemKeys)), { hasColon: false, flow: place.flow });
  }
  return newItem(document, context.kind, place.path, place.word);
}

function childItems(document: TextDocument, context: CompletionContext, path: PathSegment[], word: Span, present: Entry[]): CompletionItem[] {
  const schema = schemaAt(context.kind, path);
  if (schema?.type === 'object') return keyItems(document, context.kind, path, word, new Set(keys(present)), { hasColon: false, flow: false });
  if (schema?.type !== 'array') return [];
  if (context.kind === 'guide' && isSectionKey(path, 'questions')) return [];
  if (resolveSchema(context.kind, schema.items)?.type === 'object') return newItem(document, context.kind, path, word);
  return [];
}

/** A whole new list item where no dash is written yet: `- id: …` with the item's required keys. */
function newItem(document: TextDocument, kind: FileKind, listPath: PathSegment[], word: Span): CompletionItem[] {
  if (word.text) return [];
  const item = resolveSchema(kind, schemaAt(kind, listPath)?.items);
  if (!item?.properties) return [];
  const column = document.positionAt(word.start).character;
  const listKey = [...listPath].reverse().find((segment) => typeof segment === 'string') as string | undefined;
  const name = ITEM_NAMES[listKey ?? ''] ?? 'item';
  return [
    {
      label: `- (new ${name})`,
      kind: CompletionItemKind.Snippet,
      detail: `A new ${name} with its ${item.required?.length ? 'required keys' : 'keys'}`,
      documentation: item.description ? { kind: MarkupKind.Markdown, value: item.description } : undefined,
      filterText: '- ',
      textEdit: { range: rangeOf(document, word), newText: `- ${itemSkeleton(kind, item, column + 2, 1)}` },
      insertTextFormat: InsertTextFormat.Snippet,
      insertTextMode: InsertTextMode.asIs,
    },
  ];
}

function questionIdItems(
  document: TextDocument,
  context: CompletionContext,
  competencyId: string | undefined,
  chosen: Set<string>,
  word: Span,
  prefix: string,
): CompletionItem[] {
  if (!competencyId || !context.index) return [];
  const competency = context.index.competency(competencyId);
  if (!competency) return [];
  const range = rangeOf(document, word);
  const current = unquote(word.text);
  const items: CompletionItem[] = [];
  competency.questions.forEach((question, i) => {
    if (!question.id || (chosen.has(question.id) && question.id !== current)) return;
    items.push({
      label: question.id,
      kind: CompletionItemKind.Value,
      detail: question.minutes !== undefined ? `${question.minutes} min` : undefined,
      documentation: question.text ? { kind: MarkupKind.Markdown, value: question.text } : undefined,
      sortText: String(i).padStart(5, '0'),
      filterText: prefix ? `${prefix}${question.id}` : question.id,
      textEdit: { range, newText: `${prefix}${question.id}` },
    });
  });
  return items;
}

function ruleIdItems(document: TextDocument, word: Span, named: Span[]): CompletionItem[] {
  const already = new Set(named.filter((span) => span.start !== word.start).map((span) => span.text));
  const range = rangeOf(document, word);
  const all = [...builtinChecks, ...rules];
  return all
    .filter((rule) => !NOT_SUPPRESSIBLE.has(rule.id) && !already.has(rule.id))
    .map((rule) => ({
      label: rule.id,
      kind: CompletionItemKind.Keyword,
      detail: `${rule.defaultSeverity} by default`,
      documentation: { kind: MarkupKind.Markdown, value: rule.description },
      textEdit: { range, newText: rule.id },
    }));
}

function rangeOf(document: TextDocument, span: Span) {
  return { start: document.positionAt(span.start), end: document.positionAt(span.end) };
}
