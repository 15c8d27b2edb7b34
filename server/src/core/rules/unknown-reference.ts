import { didYouMean } from '../didYouMean';
import type { WorkspaceRule } from './rule';

export const unknownReference: WorkspaceRule = {
  id: 'unknown-reference',
  scope: 'workspace',
  description: 'A guide section must name a competency and questions that exist in the workspace.',
  defaultSeverity: 'error',
  appliesTo: ['guide'],
  check({ file, index }, report) {
    for (const section of file.sections) {
      if (section.competency === undefined || !section.competencyRange) continue;
      const competency = index.competency(section.competency);
      if (!competency) {
        const suggestion = didYouMean(section.competency, index.competencyIds());
        report({
          range: section.competencyRange,
          message: `No competency file has the id \`${section.competency}\`.${suggestion ? ` Did you mean \`${suggestion}\`?` : ''}`,
          fixes: suggestion ? [{ title: `Change to \`${suggestion}\``, safe: false, edits: [{ range: section.competencyRange, newText: suggestion }] }] : undefined,
        });
        continue;
      }
      const questionIds = competency.questions.map((q) => q.id).filter((id): id is string => id !== undefined);
      for (const chosen of section.questions ?? []) {
        if (questionIds.includes(chosen.text)) continue;
        const suggestion = didYouMean(chosen.text, questionIds);
        report({
          range: chosen.range,
          message: `The competency \`${section.competency}\` has no question \`${chosen.text}\`.${suggestion ? ` Did you mean \`${suggestion}\`?` : ''}`,
          fixes: suggestion ? [{ title: `Change to \`${suggestion}\``, safe: false, edits: [{ range: chosen.range, newText: suggestion }] }] : undefined,
        });
      }
    }
  },
};
