import { isSafePlain } from '../edits';
import type { QuestionModel } from '../model';
import type { Fix } from '../problem';
import { lineBreakLength, lineEndIn, type SourceText } from '../text/sourceText';
import type { FileRule } from './rule';
import { integerOption } from './rule';

interface ListRuleSpec {
  id: string;
  field: 'follow_ups' | 'areas_to_cover';
  select: (question: QuestionModel) => QuestionModel['followUps'];
  description: string;
  /** Singular and plural names of an item, for messages. */
  one: string;
  many: string;
  why: string;
  placeholder: string;
}

/** missing-follow-ups and missing-areas-to-cover are the same check on two lists. */
export function missingListRule(spec: ListRuleSpec): FileRule {
  return {
    id: spec.id,
    description: spec.description,
    defaultSeverity: 'warning',
    appliesTo: ['competency'],
    perQuestion: true,
    options: { min: { type: 'integer', minimum: 1, default: 1, description: `The fewest ${spec.many} a question may have.` } },
    check(context, report) {
      if (context.model.kind !== 'competency') return;
      const min = integerOption(context.options, 'min', 1, 1);
      const text = context.text;
      for (const question of context.model.questions) {
        const list = spec.select(question);
        if (list && !list.isList) continue; // not a list (or empty): the schema reports it
        const count = list?.items.filter((item) => item.text.trim() !== '').length ?? 0;
        if (count >= min) continue;
        const name = question.id ? `\`${question.id}\`` : `${question.index + 1}`;
        const message =
          count === 0
            ? `Question ${name} has no ${spec.many}; add \`${spec.field}\` ${spec.why}.`
            : `Question ${name} has ${count} ${count === 1 ? spec.one : spec.many}; at least ${min} are expected.`;
        const fix = count === 0 ? addListFix(text, question, spec) : undefined;
        report({ range: list?.keyRange ?? question.textKeyRange ?? question.anchorRange, message, fixes: fix ? [fix] : undefined });
      }
    },
  };
}

/** Inserts `field:` with one placeholder item under the question, at its indentation, touching nothing else. */
function addListFix(text: SourceText, question: QuestionModel, spec: ListRuleSpec): Fix | undefined {
  // Written with the line breaks of the question's own first line: a keystroke that breaks the list's key makes
  // this fix, and must not read a large file's whole text for it.
  const firstLineEnd = lineEndIn(text, question.range.start);
  const newline = lineBreakLength(text, firstLineEnd) === 2 ? '\r\n' : '\n';
  const title = `Add \`${spec.field}\` with a placeholder`;
  const list = spec.select(question);
  if (list?.isList) {
    // `follow_ups: []`: fill the flow list in place.
    const source = text.slice(list.valueRange.start, list.valueRange.end);
    if (/^\[\s*\]$/.test(source)) return { title, safe: false, edits: [{ range: list.valueRange, newText: `[${JSON.stringify(spec.placeholder)}]` }] };
    return undefined;
  }
  if (text.charCodeAt(question.range.start) === 123 /* { */) return undefined; // a flow-style question has no lines to add
  const indent = ' '.repeat(columnOf(text, question.anchorRange.start));
  const lastLineEnd = lineEndIn(text, Math.max(question.range.end - 1, question.range.start));
  const item = isSafePlain(spec.placeholder) ? spec.placeholder : JSON.stringify(spec.placeholder);
  const block = `${indent}${spec.field}:${newline}${indent}  - ${item}`;
  if (lastLineEnd === text.length) {
    return { title, safe: false, edits: [{ range: { start: text.length, end: text.length }, newText: `${newline}${block}` }] };
  }
  const nextLine = lastLineEnd + lineBreakLength(text, lastLineEnd);
  return { title, safe: false, edits: [{ range: { start: nextLine, end: nextLine }, newText: `${block}${newline}` }] };
}

function columnOf(text: SourceText, offset: number): number {
  // Back to the line break only: a search for a CR that the file does not have would run to its start.
  let i = offset - 1;
  while (i >= 0 && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i--;
  return offset - (i + 1);
}
