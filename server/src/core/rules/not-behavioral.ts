import { readableRange } from '../yamlDocument';
import { classifyQuestion, type QuestionKind } from '../text/questionForm';
import type { Rule } from './rule';

const KIND_NAMES: Partial<Record<QuestionKind, string>> = {
  hypothetical: 'a hypothetical question',
  'yes-no': 'a yes/no question',
  leading: 'a leading question',
};

const REWORDING = '"Tell me about a time when…"';

export const notBehavioral: Rule = {
  id: 'not-behavioral',
  description:
    'Questions should ask about past behavior ("Tell me about a time…"), not hypotheticals, yes/no questions or leading questions.',
  defaultSeverity: 'info',
  options: {
    check_follow_ups: {
      type: 'boolean',
      default: false,
      description: 'Also check follow-up questions; only hypothetical and leading ones are reported, since yes/no follow-ups are normal probing.',
    },
  },
  appliesTo: ['competency'],
  perQuestion: true,
  check(context, report) {
    if (context.model.kind !== 'competency') return;
    const source = context.text;
    const checkFollowUps = context.options.check_follow_ups === true;
    for (const question of context.model.questions) {
      if (question.text !== undefined && question.textRange) {
        const message = messageFor(question.text, 'question');
        if (message) report({ range: readableRange(source, question.textRange), message });
      }
      if (!checkFollowUps || !question.followUps?.isList) continue;
      for (const item of question.followUps.items) {
        // A yes/no follow-up is a normal way to probe ("Did it work?"); only scenarios and leading ones are not.
        const message = messageFor(item.text, 'follow-up', ['hypothetical', 'leading']);
        if (message) report({ range: readableRange(source, item.range), message });
      }
    }
  },
};

function messageFor(text: string, what: 'question' | 'follow-up', kinds: QuestionKind[] = ['hypothetical', 'yes-no', 'leading']): string | undefined {
  if (!text.trim()) return undefined;
  const form = classifyQuestion(text);
  const name = KIND_NAMES[form.kind];
  if (!name || !kinds.includes(form.kind)) return undefined;
  const cue = form.cue ? ` (${quoteCue(form.cue)})` : '';
  const subject = what === 'question' ? 'This is' : 'This follow-up is';
  const why = form.kind === 'leading' ? ' and it suggests the answer' : '';
  return `${subject} ${name}${cue}${why}; ask about past behavior instead: ${REWORDING}`;
}

/** `"What would you do if…"`, or `"…, right?"` for a tag at the end. */
function quoteCue(cue: string): string {
  const text = cue.replace(/\s+/g, ' ').trim();
  if (text.startsWith(',')) return `"…${text}"`;
  return `"${text[0].toUpperCase()}${text.slice(1)}…"`;
}

