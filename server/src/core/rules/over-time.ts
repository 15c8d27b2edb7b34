import type { WorkspaceRule } from './rule';
import type { WorkspaceIndex } from '../workspace/workspaceIndex';
import type { FileSummary } from '../workspace/fileSummary';

export interface SectionPlan {
  index: number;
  competency?: string;
  minutes: number;
  /** Where the minutes come from, for messages and code lenses. */
  source: 'section' | 'questions';
}

/**
 * Planned minutes of each section: its own `minutes`, else the sum of its chosen questions' minutes (a question
 * without `minutes` counts the config's question_minutes). Unknown competencies count their chosen questions only.
 */
export function planGuide(file: FileSummary, index: WorkspaceIndex, questionMinutes: number): SectionPlan[] {
  return file.sections.map((section) => {
    if (section.minutes !== undefined) return { index: section.index, competency: section.competency, minutes: section.minutes, source: 'section' };
    const competency = section.competency !== undefined ? index.competency(section.competency) : undefined;
    const questions = competency?.questions ?? [];
    const chosen = section.questions
      ? section.questions.map((item) => questions.find((q) => q.id === item.text))
      : questions;
    const minutes = chosen.reduce((sum, question) => sum + (question?.minutes ?? questionMinutes), 0);
    return { index: section.index, competency: section.competency, minutes, source: 'questions' };
  });
}

export const overTime: WorkspaceRule = {
  id: 'over-time',
  scope: 'workspace',
  description: 'The planned minutes of a guide must fit its interview slot (`duration_minutes`).',
  defaultSeverity: 'warning',
  appliesTo: ['guide'],
  check({ file, index, config }, report) {
    if (file.durationMinutes === undefined || !file.durationRange) return;
    const plan = planGuide(file, index, config.questionMinutes);
    const total = plan.reduce((sum, section) => sum + section.minutes, 0);
    if (total <= file.durationMinutes) return;
    const parts = plan.map((section) => `${section.competency ?? `section ${section.index + 1}`} ${section.minutes}`).join(' + ');
    report({
      range: file.durationRange,
      message: `This guide plans ${total} minutes (${parts}) for a ${file.durationMinutes}-minute slot: ${total - file.durationMinutes} minutes over. Cut questions, set section minutes, or lengthen the slot.`,
    });
  },
};
