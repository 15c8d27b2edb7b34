import { Lexer } from 'yaml';
import { didYouMean } from './didYouMean';
import { LineIndex } from './lineIndex';
import type { OffsetRange, Problem } from './problem';

export interface Directive {
  kind: 'disable-next-line' | 'disable';
  /** Rule ids named; empty means every rule. */
  ruleIds: string[];
  reason?: string;
  /** Zero-based line the comment is on. */
  line: number;
  /** Zero-based lines it silences, inclusive: the next line (with a block scalar it opens), or the rest of the file. */
  covers: { from: number; to: number };
  range: OffsetRange;
  /** Where each named id sits in the comment, for problems about the ids themselves. */
  idRanges: OffsetRange[];
}

const DIRECTIVE = /^#\s*competency-lint-(disable-next-line|disable)\b([^\r\n]*)$/;
// Lexer markers that stand for structure and take no characters of the source.
const ZERO_WIDTH_TOKENS = new Set(['\x02', '\x18', '\x1f']);

/** Finds suppression comments with the YAML lexer, so text inside block scalars or quotes never counts. */
export function findDirectives(text: string): Directive[] {
  const directives: Directive[] = [];
  if (!text.includes('competency-lint-')) return directives;
  const lines = new LineIndex(text);
  const textLines = text.split(/\r\n|\r|\n/);
  let offset = 0;
  for (const token of new Lexer().lex(text)) {
    if (ZERO_WIDTH_TOKENS.has(token)) continue;
    const start = offset;
    offset += token.length;
    if (token[0] !== '#') continue;
    const match = DIRECTIVE.exec(token);
    if (!match) continue;
    const [body, reason] = splitReason(match[2]);
    const bodyStart = start + token.length - match[2].length;
    const ruleIds: string[] = [];
    const idRanges: OffsetRange[] = [];
    for (const id of body.matchAll(/[^\s,]+/g)) {
      ruleIds.push(id[0]);
      idRanges.push({ start: bodyStart + id.index!, end: bodyStart + id.index! + id[0].length });
    }
    const line = lines.positionAt(start).line;
    directives.push({
      kind: match[1] as Directive['kind'],
      ruleIds,
      reason,
      line,
      covers: match[1] === 'disable' ? { from: line + 1, to: Infinity } : nextLineCoverage(textLines, line + 1),
      range: { start, end: offset },
      idRanges,
    });
  }
  return directives;
}

const BLOCK_SCALAR_HEADER = /(?:^|[:\-]\s)\s*[|>][-+0-9]*\s*(?:#.*)?$/;

/**
 * The line after the comment, and when that line opens a block scalar (`text: >-`), the scalar's lines too: a
 * problem in the text of a question is silenced by a comment above its key, since none can go inside the text.
 */
export function nextLineCoverage(lines: readonly string[], line: number): { from: number; to: number } {
  // Stacked comments (two directives, or a note above the line) all apply to the first line that is not a comment.
  let next = line;
  while (next < lines.length - 1 && /^\s*#/.test(lines[next])) next++;
  const header = lines[next] ?? '';
  if (!BLOCK_SCALAR_HEADER.test(header)) return { from: next, to: next };
  const indent = indentOf(header);
  let to = next;
  for (let i = next + 1; i < lines.length; i++) {
    if (!lines[i].trim()) continue;
    if (indentOf(lines[i]) <= indent) break;
    to = i;
  }
  return { from: next, to };
}

function indentOf(line: string): number {
  return /^ */.exec(line)![0].length;
}

function splitReason(rest: string): [string, string | undefined] {
  const separator = rest.indexOf('--');
  if (separator === -1) return [rest, undefined];
  const reason = rest.slice(separator + 2).trim();
  return [rest.slice(0, separator), reason || undefined];
}

/** Rules whose suppression must say why; an unexplained one is itself reported. */
export const RULES_NEEDING_A_REASON = new Set(['protected-topic']);
/** yaml-syntax cannot be switched off, inline or in the config. */
const UNSUPPRESSIBLE = new Set(['yaml-syntax', 'suppression', 'config', 'too-large']);

export interface SuppressionResult {
  kept: Problem[];
  /** Problems about the directives themselves: unknown ids, missing reasons. */
  directiveProblems: Problem[];
}

export function applySuppressions(
  lines: LineIndex,
  problems: readonly Problem[],
  directives: readonly Directive[],
  knownRuleIds: readonly string[],
): SuppressionResult {
  const directiveProblems: Problem[] = [];
  for (const directive of directives) {
    directive.ruleIds.forEach((id, i) => {
      if (UNSUPPRESSIBLE.has(id)) {
        directiveProblems.push({
          ruleId: 'suppression',
          severity: 'warning',
          message: `\`${id}\` cannot be suppressed.`,
          range: directive.idRanges[i],
        });
      } else if (!knownRuleIds.includes(id)) {
        const suggestion = didYouMean(id, knownRuleIds.filter((known) => !UNSUPPRESSIBLE.has(known)));
        directiveProblems.push({
          ruleId: 'suppression',
          severity: 'warning',
          message: `Unknown rule \`${id}\` in a competency-lint-${directive.kind} comment; it suppresses nothing.${suggestion ? ` Did you mean \`${suggestion}\`?` : ''}`,
          range: directive.idRanges[i],
          fixes: suggestion ? [{ title: `Change to \`${suggestion}\``, safe: false, edits: [{ range: directive.idRanges[i], newText: suggestion }] }] : undefined,
        });
      } else if (RULES_NEEDING_A_REASON.has(id) && !directive.reason) {
        directiveProblems.push({
          ruleId: 'suppression',
          severity: 'warning',
          message: `Suppressing \`${id}\` needs a reason after \`--\`, for example: -- bona fide requirement: the role needs a commercial driver licence.`,
          range: directive.idRanges[i],
        });
      }
    });
  }
  if (!directives.length) return { kept: [...problems], directiveProblems };
  const kept = problems.filter((problem) => {
    if (UNSUPPRESSIBLE.has(problem.ruleId)) return true;
    const line = lines.positionAt(problem.range.start).line;
    return !directives.some((directive) => {
      if (line < directive.covers.from || line > directive.covers.to) return false;
      const named = !directive.ruleIds.length || directive.ruleIds.includes(problem.ruleId);
      if (!named) return false;
      // An unexplained suppression of a rule that needs a reason does not count.
      return !RULES_NEEDING_A_REASON.has(problem.ruleId) || directive.reason !== undefined;
    });
  });
  return { kept, directiveProblems };
}

/** Where a disable-next-line comment for a problem on `line` must go: above it, or above the key of its block scalar. */
export function suppressionLineFor(lines: readonly string[], problemLine: number): number {
  // A client a keystroke behind can ask about a line the text no longer has: the comment goes on the nearest real one.
  const line = Math.min(Math.max(Math.trunc(problemLine) || 0, 0), Math.max(lines.length - 1, 0));
  const indent = indentOf(lines[line] ?? '');
  for (let i = line - 1; i >= 0; i--) {
    if (!lines[i].trim()) continue;
    if (indentOf(lines[i]) >= indent) continue;
    return BLOCK_SCALAR_HEADER.test(lines[i]) && nextLineCoverage(lines, i).to >= line ? i : line;
  }
  return line;
}
