import type { Rule } from './rule';
import { integerOption } from './rule';

export const missingFollowUps: Rule = {
  id: 'missing-follow-ups',
  description: 'Every question needs follow-up questions, so interviewers can probe past a rehearsed answer.',
  defaultSeverity: 'warning',
  appliesTo: ['competency'],
  check(context, report) {
    if (context.model.kind !== 'competency') return;
    const min = integerOption(context.options, 'min', 1, 1);
    for (const question of context.model.questions) {
      const followUps = question.followUps;
      if (followUps && !followUps.isList) continue; // the schema reports a follow_ups that is not a list
      const count = followUps?.items.filter((item) => item.text.trim() !== '').length ?? 0;
      if (count >= min) continue;
      const name = question.id ? `\`${question.id}\`` : `${question.index + 1}`;
      const message =
        count === 0
          ? `Question ${name} has no follow-up questions; add \`follow_ups\` so interviewers can probe deeper.`
          : `Question ${name} has ${count} follow-up question${count === 1 ? '' : 's'}; at least ${min} are expected.`;
      report({ range: followUps?.keyRange ?? question.textKeyRange ?? question.anchorRange, message });
    }
  },
};
