import type { OffsetRange, Problem, TextEdit } from './problem';
import type { SourceText } from './text/sourceText';

/**
 * An edit that replaces one scalar's value and nothing else, in the style it was written (plain, quoted or block),
 * so comments and formatting around it are kept byte for byte.
 */
export function replaceScalar(text: SourceText, range: OffsetRange, value: string): TextEdit {
  const source = text.slice(range.start, range.end);
  return { range, newText: formatLike(source, value, inFlowCollection(text, range.start)) };
}

/** Inside `[a, b]` or `{k: v}` a comma or bracket ends a plain scalar, so such values must be quoted there. */
function inFlowCollection(text: SourceText, offset: number): boolean {
  for (let i = offset - 1; i >= 0; i--) {
    const ch = text.slice(i, i + 1);
    if (ch === ' ' || ch === '\t') continue;
    if (ch === '[' || ch === ',' || ch === '{') return true;
    if (ch === ':') return /\{[^}\n]*$/.test(text.slice(Math.max(0, i - 200), i));
    return false;
  }
  return false;
}

function formatLike(source: string, value: string, flow: boolean): string {
  const first = source[0];
  if (first === '>' || first === '|') {
    const [header, second = ''] = source.split(/\r?\n/, 2);
    const newline = source.includes('\r\n') ? '\r\n' : '\n';
    const indent = /^[ ]*/.exec(second)?.[0] || '  ';
    const trailing = /\r?\n$/.test(source) ? newline : '';
    return `${header}${newline}${indent}${value}${trailing}`;
  }
  if (first === "'") return `'${value.replace(/'/g, "''")}'`;
  if (first === '"') return JSON.stringify(value);
  return isSafePlain(value) && !(flow && /[,[\]{}]/.test(value)) ? value : JSON.stringify(value);
}

/** Whether a string reads back as the same string when written without quotes. */
export function isSafePlain(value: string): boolean {
  if (!value || value !== value.trim()) return false;
  if (/^[-?:,[\]{}#&*!|>'"%@`]/.test(value)) return false;
  if (/: |\s#|:$|[\r\n\t]/.test(value)) return false;
  // Words YAML would read as something other than text.
  return !/^(true|false|yes|no|on|off|null|~|[-+]?(\d[\d_]*(\.\d*)?|\.\d+)([eE][-+]?\d+)?|0x[0-9a-fA-F]+|0o[0-7]+|\.inf|\.nan)$/i.test(value);
}

/** Applies edits (non-overlapping) to a text, last first so earlier offsets stay valid. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.range.start - a.range.start);
  let result = text;
  for (const edit of sorted) result = result.slice(0, edit.range.start) + edit.newText + result.slice(edit.range.end);
  return result;
}

/** Drops edits that overlap an earlier one, so a batch of fixes can be applied together. */
export function nonOverlapping(edits: readonly TextEdit[]): TextEdit[] {
  const kept: TextEdit[] = [];
  for (const edit of [...edits].sort((a, b) => a.range.start - b.range.start)) {
    const last = kept[kept.length - 1];
    if (last && edit.range.start < last.range.end) continue;
    kept.push(edit);
  }
  return kept;
}

/** The edits of every safe fix, ready to apply together: what fix-all and `--fix` do. */
export function safeFixEdits(problems: readonly Problem[]): TextEdit[] {
  return nonOverlapping(problems.flatMap((problem) => (problem.fixes ?? []).filter((fix) => fix.safe).flatMap((fix) => fix.edits)));
}
