import { missingListRule } from './missingList';

export const missingAreasToCover = missingListRule({
  id: 'missing-areas-to-cover',
  field: 'areas_to_cover',
  select: (question) => question.areasToCover,
  description: 'Every question lists the areas a full answer covers, so interviewers score answers the same way.',
  one: 'area to cover',
  many: 'areas to cover',
  why: 'so interviewers know what a full answer covers',
  placeholder: 'TODO add what a full answer covers',
});
