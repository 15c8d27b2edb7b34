import { missingListRule } from './missingList';

export const missingFollowUps = missingListRule({
  id: 'missing-follow-ups',
  field: 'follow_ups',
  select: (question) => question.followUps,
  description: 'Every question needs follow-up questions, so interviewers can probe past a rehearsed answer.',
  one: 'follow-up question',
  many: 'follow-up questions',
  why: 'so interviewers can probe deeper',
  placeholder: 'TODO add a probing follow-up question',
});
