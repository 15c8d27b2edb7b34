import type { ErrorObject, ValidateFunction } from 'ajv';
import { isMap, isPair, isSeq, type Document, type Node, type Pair } from 'yaml';
import { didYouMean } from '../didYouMean';
import type { FileKind } from '../fileKind';
import type { OffsetRange, Problem } from '../problem';
import { lineEndIn, type SourceText } from '../text/sourceText';
import { keyRange, nodeAtPath, nodeRange, pairsByKey, type ParsedYaml, type PathSegment } from '../yamlDocument';
import { questionValidator, validatorFor } from './validators';

/** Validates the parsed file against its schema and explains each failure in plain words, on the node at fault. */
export function schemaProblems(parsed: ParsedYaml, kind: FileKind, options: { reportMissing: boolean } = { reportMissing: true }): Problem[] {
  if (parsed.data === undefined && parsed.syntaxProblems.length) return [];
  const locator: Locator = { text: parsed.text, locate: (path) => nodeAtPath(parsed.document, path) };
  const problems = explainAll(validatorFor(kind), parsed.data ?? null, [], locator, kind, options.reportMissing);
  problems.push(...ratingScaleProblems(parsed));
  return dedupe(problems);
}

/**
 * The schema problems of one question of a competency file, parsed on its own: `item` is its node (ranges in the
 * file's offsets), `document` the document it was parsed in, `index` its place in `questions`.
 */
export function questionSchemaProblems(document: Document, item: Node, data: unknown, index: number, text: SourceText): Problem[] {
  const locator: Locator = {
    text,
    locate: (path) => {
      const inner = nodeAtPath(document, path.slice(2), item);
      return { ...inner, depth: inner.depth + 2, complete: inner.complete };
    },
  };
  return dedupe(explainAll(questionValidator(), data, ['questions', index], locator, 'competency', true));
}

/** Where a data path sits in the YAML tree, and the text it came from. */
interface Locator {
  text: SourceText;
  locate(path: readonly PathSegment[]): ReturnType<typeof nodeAtPath>;
}

function explainAll(validate: ValidateFunction, data: unknown, prefix: PathSegment[], locator: Locator, kind: FileKind, reportMissing: boolean): Problem[] {
  const problems: Problem[] = [];
  if (!validate(data)) {
    const pointerPrefix = prefix.map((segment) => `/${String(segment).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
    const errors = (validate.errors ?? []).map((error) => ({ ...error, instancePath: pointerPrefix + error.instancePath }));
    // `duration:` for `duration_minutes:` is one mistake: the rename says it all, the missing key need not.
    const misspelled = new Set(
      errors
        .filter((error) => error.keyword === 'additionalProperties')
        .map((error) => {
          const known = Object.keys((error.parentSchema as { properties?: object })?.properties ?? {});
          return `${error.instancePath}/${didYouMean(String((error.params as { additionalProperty: string }).additionalProperty), known)}`;
        }),
    );
    for (const error of errors) {
      if (error.keyword === 'required') {
        if (!reportMissing) continue;
        if (misspelled.has(`${error.instancePath}/${(error.params as { missingProperty: string }).missingProperty}`)) continue;
      }
      const problem = explain(error, locator, kind);
      if (problem) problems.push(problem);
    }
  }
  return problems;
}

function explain(error: ErrorObject, parsed: Locator, kind: FileKind): Problem | undefined {
  const path = parsePointer(error.instancePath);
  const located = parsed.locate(path);
  const label = fieldLabel(path);
  switch (error.keyword) {
    case 'additionalProperties': {
      const unknown = String((error.params as { additionalProperty: string }).additionalProperty);
      const known = Object.keys((error.parentSchema as { properties?: object })?.properties ?? {});
      const pair = located.complete && isMap(located.node) ? findPair(located.node, unknown) : undefined;
      const range = (pair && keyRange(pair)) ?? fallbackRange(parsed, located);
      // Renaming onto a key the map already has would make a duplicate, so suggest only absent keys.
      const present = isMap(located.node) ? pairsByKey(located.node) : new Map();
      const suggestion = didYouMean(unknown, known.filter((key) => !present.has(key)));
      const message = suggestion
        ? `Unknown key \`${unknown}\`. Did you mean \`${suggestion}\`?`
        : `Unknown key \`${unknown}\`. ${describeContainer(path, kind)} can have: ${known.map((k) => `\`${k}\``).join(', ')}.`;
      return {
        ruleId: 'schema',
        severity: 'error',
        message,
        range,
        fixes: suggestion && pair?.key ? [{ title: `Rename \`${unknown}\` to \`${suggestion}\``, edits: [{ range, newText: suggestion }], safe: true }] : undefined,
      };
    }
    case 'required': {
      const missing = String((error.params as { missingProperty: string }).missingProperty);
      const described = firstSentence((error.parentSchema as { properties?: Record<string, { description?: string }> })?.properties?.[missing]?.description);
      const message = `${describeContainer(path, kind)} is missing \`${missing}\`, which is required${described ? `: ${lowerFirst(described)}` : '.'}`;
      return { ruleId: 'schema', severity: 'error', message, range: parentKeyRange(parsed, located) };
    }
    case 'type': {
      const expected = describeType(String((error.params as { type: string }).type));
      const actual = describeValue(error.data);
      const message =
        error.data === null
          ? `${label ? `\`${label}\`` : 'This value'} is empty; it should be ${expected}.`
          : `${label ? `\`${label}\`` : 'This value'} should be ${expected}, not ${actual}.`;
      return { ruleId: 'schema', severity: 'error', message, range: valueRange(parsed, located) };
    }
    case 'pattern':
      return { ruleId: 'schema', severity: 'error', message: patternMessage(label, error), range: valueRange(parsed, located) };
    case 'enum': {
      const allowed = ((error.params as { allowedValues: unknown[] }).allowedValues ?? []).map(String);
      const suggestion = typeof error.data === 'string' ? didYouMean(error.data, allowed) : undefined;
      const message = `\`${label}\` must be one of: ${allowed.join(', ')}.${suggestion ? ` Did you mean \`${suggestion}\`?` : ''}`;
      return { ruleId: 'schema', severity: 'error', message, range: valueRange(parsed, located) };
    }
    case 'minItems':
    case 'maxItems': {
      const limit = (error.params as { limit: number }).limit;
      const noun = itemNoun(label, limit);
      const message =
        error.keyword === 'minItems' ? `\`${label}\` needs at least ${limit} ${noun}.` : `\`${label}\` can have at most ${limit} ${noun}.`;
      return { ruleId: 'schema', severity: 'error', message, range: valueRange(parsed, located) };
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      const { comparison, limit } = error.params as { comparison: string; limit: number };
      const words: Record<string, string> = { '>=': 'at least', '<=': 'at most', '>': 'more than', '<': 'less than' };
      return {
        ruleId: 'schema',
        severity: 'error',
        message: `\`${label}\` must be ${words[comparison] ?? comparison} ${limit}.`,
        range: valueRange(parsed, located),
      };
    }
    default:
      return {
        ruleId: 'schema',
        severity: 'error',
        message: `${label ? `\`${label}\` ` : ''}${error.message ?? 'is not valid here'}.`,
        range: valueRange(parsed, located),
      };
  }
}

function patternMessage(label: string, error: ErrorObject): string {
  const pattern = String((error.params as { pattern: string }).pattern);
  const value = String(error.data);
  if (pattern.includes('[a-z0-9]')) {
    const suggestion = kebabCase(value);
    return (
      `\`${value}\` is not a valid id: ids are kebab-case (lowercase letters, digits and single hyphens)` +
      (suggestion && suggestion !== value ? `, for example \`${suggestion}\`.` : '.')
    );
  }
  if (pattern.includes('\\d{4}')) return `\`${label}\` is a date written YYYY-MM-DD, for example 2026-05-01.`;
  return `\`${value}\` is not in the expected form for \`${label}\`.`;
}

export function kebabCase(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Rating-scale scores must ascend without repeats; JSON Schema cannot say that. */
function ratingScaleProblems(parsed: ParsedYaml): Problem[] {
  const located = nodeAtPath(parsed.document, ['rating_scale']);
  if (!located.complete || !isSeq(located.node)) return [];
  const problems: Problem[] = [];
  let previous: number | undefined;
  located.node.items.forEach((item) => {
    if (!isMap(item)) return;
    const scorePair = findPair(item, 'score');
    const score = (scorePair?.value as { value?: unknown } | undefined)?.value;
    if (typeof score !== 'number') return;
    if (previous !== undefined && score <= previous) {
      problems.push({
        ruleId: 'schema',
        severity: 'error',
        message:
          score === previous
            ? `The score ${score} is used twice; each point of the rating scale needs its own score.`
            : `Scores go up from the first point to the last: ${score} comes after ${previous}.`,
        range: nodeRange(scorePair?.value) ?? { start: 0, end: 0 },
      });
    }
    previous = previous === undefined ? score : Math.max(previous, score);
  });
  return problems;
}

// ---------------------------------------------------------------------------------------------------------------

function parsePointer(pointer: string): PathSegment[] {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

function findPair(map: Node, key: string): Pair | undefined {
  return isMap(map) ? pairsByKey(map).get(key) : undefined;
}

/** The field a person would name: the last key in the path, with the item number for list entries. */
function fieldLabel(path: PathSegment[]): string {
  for (let i = path.length - 1; i >= 0; i--) {
    const segment = path[i];
    if (typeof segment === 'string') {
      const after = path[i + 1];
      return typeof after === 'number' ? `${segment} item ${after + 1}` : segment;
    }
  }
  return '';
}

const ITEM_NOUNS: Record<string, string> = {
  questions: 'question',
  sections: 'section',
  faq: 'FAQ entry',
  rating_scale: 'rating-scale point',
  signals: 'signals',
  review: 'review',
};

function describeContainer(path: PathSegment[], kind: FileKind): string {
  if (path.length === 0) return kind === 'competency' ? 'This competency file' : 'This guide file';
  const last = path[path.length - 1];
  if (typeof last !== 'number') return `\`${last}\``;
  const noun = ITEM_NOUNS[String(path[path.length - 2])] ?? 'item';
  return `${noun[0].toUpperCase()}${noun.slice(1)} ${last + 1}`;
}

function itemNoun(label: string, count: number): string {
  const noun = ITEM_NOUNS[label] ?? 'item';
  if (count === 1) return noun;
  return noun === 'FAQ entry' ? 'FAQ entries' : `${noun}s`;
}

function describeType(type: string): string {
  const names: Record<string, string> = {
    string: 'text',
    integer: 'a whole number',
    number: 'a number',
    boolean: 'true or false',
    array: 'a list',
    object: 'a set of keys and values',
    null: 'empty',
  };
  return type
    .split(',')
    .map((t) => names[t] ?? t)
    .join(' or ');
}

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'empty';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return `the text "${value.length > 30 ? `${value.slice(0, 27)}...` : value}"`;
    case 'number':
      return Number.isInteger(value) ? `the number ${value}` : `the decimal number ${value}`;
    case 'boolean':
      return `${value}`;
    case 'object':
      return 'a set of keys and values';
    default:
      return typeof value;
  }
}

function firstSentence(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const match = /^(.+?[.!?])(\s|$)/s.exec(text.trim());
  const sentence = (match ? match[1] : text.trim()).replace(/\s+/g, ' ');
  return sentence.length > 120 ? undefined : sentence.endsWith('.') ? sentence : `${sentence}.`;
}

function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text[0].toLowerCase() + text.slice(1) : text;
}

function valueRange(parsed: Locator, located: ReturnType<typeof nodeAtPath>): OffsetRange {
  if (located.complete) {
    const range = nodeRange(located.node);
    if (range && range.end > range.start) return range;
    const key = located.pair && keyRange(located.pair);
    if (key) return key;
  }
  return fallbackRange(parsed, located);
}

/** A missing key is reported on the key that holds the map (or the map's first key for list items and the root). */
function parentKeyRange(parsed: Locator, located: ReturnType<typeof nodeAtPath>): OffsetRange {
  if (located.complete) {
    const key = located.pair && keyRange(located.pair);
    if (key) return key;
    const first = isMap(located.node) ? located.node.items.find((item) => isPair(item)) : undefined;
    const firstKey = first && keyRange(first as Pair);
    if (firstKey) return firstKey;
    const range = nodeRange(located.node);
    if (range && range.end > range.start) return range;
  }
  return fallbackRange(parsed, located);
}

function fallbackRange(parsed: Locator, located: ReturnType<typeof nodeAtPath>): OffsetRange {
  const key = located.pair && keyRange(located.pair);
  if (key) return key;
  const range = nodeRange(located.node);
  if (range && range.end > range.start) return range;
  return { start: 0, end: lineEndIn(parsed.text, 0) };
}

function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = `${problem.range.start}:${problem.range.end}:${problem.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
