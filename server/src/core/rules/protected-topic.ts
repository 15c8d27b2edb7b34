import { replaceScalar } from '../edits';
import type { Fix, OffsetRange } from '../problem';
import { DEFAULT_LOCALE, findProtectedTopic, protectedTopicsByLocale, topicsForLocale, type ProtectedTopicMatch } from '../text/protectedTopics';
import { readableRange } from '../yamlDocument';
import type { Rule } from './rule';

export const protectedTopic: Rule = {
  id: 'protected-topic',
  description:
    'Questions, follow-ups and areas to cover must not ask about a protected characteristic such as age, family status, religion, national origin, disability or health.',
  defaultSeverity: 'warning',
  options: {
    locale: {
      type: 'string',
      enum: Object.keys(protectedTopicsByLocale),
      default: DEFAULT_LOCALE,
      description: 'Which list of protected characteristics applies.',
    },
  },
  appliesTo: ['competency'],
  perQuestion: true,
  check(context, report) {
    if (context.model.kind !== 'competency') return;
    const { topics } = topicsForLocale(context.options.locale);
    const source = context.text;
    const checkScalar = (text: string | undefined, range: OffsetRange | undefined) => {
      if (text === undefined || !range || !text.trim()) return;
      const found = findProtectedTopic(text, topics);
      if (!found) return;
      const fixes: Fix[] = [];
      if (found.alternative && found.alternative.trim() !== text.trim()) {
        fixes.push({
          title: `Replace with "${found.alternative}"`,
          edits: [replaceScalar(source, range, found.alternative)],
          safe: false,
        });
      }
      report({ range: readableRange(source, range), message: messageFor(found), ...(fixes.length ? { fixes } : {}) });
    };
    for (const question of context.model.questions) {
      checkScalar(question.text, question.textRange);
      for (const field of [question.followUps, question.areasToCover]) {
        if (!field?.isList) continue;
        for (const item of field.items) checkScalar(item.text, item.range);
      }
    }
  },
};

function messageFor(found: ProtectedTopicMatch): string {
  const { topic, alternative } = found;
  const category = topic.category ?? 'a protected characteristic';
  const parts = [`This asks about ${topic.label}, ${category}: interviewers must not ask it.`];
  if (alternative) parts.push(`If the role needs to know, ask instead: "${alternative}"`);
  else parts.push('Remove it, or ask only about what the role itself requires.');
  if (alternative && topic.note) parts.push(topic.note);
  return parts.join(' ');
}
