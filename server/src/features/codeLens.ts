import { REVEAL_LINE_COMMAND, SHOW_PREVIEW_TO_SIDE_COMMAND } from '../../../common/protocol';
import type { CodeLens, Command } from 'vscode-languageserver';
import type { ParsedDocument } from '../core/parseCache';
import type { OffsetRange } from '../core/problem';
import { planGuide } from '../core/rules/over-time';
import type { WorkspaceIndex } from '../core/workspace/workspaceIndex';
import type { PositionSource } from './diagnostics';

export interface CodeLensContext {
  index: WorkspaceIndex;
  /** Minutes planned for a question without `minutes` (the config's `question_minutes`). */
  questionMinutes: number;
  /** Follow-ups a question needs to count as having them (the `missing-follow-ups` rule's `min`). */
  followUpsMin: number;
}

/**
 * Lenses with the numbers a writer checks: above `questions:` the size of the bank, the questions still without
 * follow-ups and the minutes it would take; above each guide section and the guide its planned minutes.
 */
export function findCodeLenses(document: ParsedDocument, lines: PositionSource, context: CodeLensContext): CodeLens[] {
  const { model, uri } = document;
  const lenses: CodeLens[] = [];
  const lens = (range: OffsetRange, command: Command) => {
    const position = lines.positionAt(range.start);
    lenses.push({ range: { start: position, end: position }, command });
  };
  const preview = (title: string, range: OffsetRange): Command => ({ title, command: SHOW_PREVIEW_TO_SIDE_COMMAND, arguments: [uri, lines.positionAt(range.start).line] });

  if (model.kind === 'competency') {
    if (!model.questionsKeyRange) return lenses;
    const questions = model.questions;
    const without = questions.filter((q) => !q.followUps?.isList || q.followUps.items.length < context.followUpsMin);
    const minutes = questions.reduce((sum, q) => sum + (q.minutes ?? context.questionMinutes), 0);
    const where = model.questionsKeyRange;
    lens(where, preview(`${questions.length} question${questions.length === 1 ? '' : 's'}`, where));
    if (without.length) {
      const first = without[0].anchorRange;
      lens(where, { title: `${without.length} without follow-ups`, command: REVEAL_LINE_COMMAND, arguments: [uri, lines.positionAt(first.start).line] });
    }
    lens(where, preview(`~${duration(minutes)} planned`, where));
    return lenses;
  }

  const summary = document.summary();
  const plan = planGuide(summary, context.index, context.questionMinutes);
  const total = plan.reduce((sum, section) => sum + section.minutes, 0);
  const titleKey = /^guide[ \t]*:/m.exec(document.text);
  const top = titleKey ? { start: titleKey.index, end: titleKey.index } : (model.idRange ?? model.durationRange ?? model.sections[0]?.anchorRange);
  if (top) {
    const slot = model.durationMinutes;
    let title = `${total} min planned`;
    if (slot !== undefined) title = total > slot ? `${total} min planned · ${total - slot} over the ${slot}-minute slot` : `${total} of ${slot} min planned`;
    lens(lineStart(document.text, top), preview(title, top));
  }
  for (const section of model.sections) {
    const planned = plan.find((entry) => entry.index === section.index);
    if (!planned) continue;
    const count = section.questions?.length ?? (section.competency !== undefined ? context.index.competency(section.competency)?.questions.length : undefined);
    const parts = [planned.source === 'section' ? `${planned.minutes} min (section minutes)` : `${planned.minutes} min planned`];
    if (count !== undefined) parts.unshift(`${count} question${count === 1 ? '' : 's'}`);
    lens(section.anchorRange, preview(parts.join(' · '), section.anchorRange));
  }
  return lenses;
}

/** `45 min`, or above an hour and a half `2.5 h`, to the half hour. */
export function duration(minutes: number): string {
  if (minutes < 90) return `${minutes} min`;
  return `${Math.round(minutes / 30) / 2} h`;
}

function lineStart(text: string, range: OffsetRange): OffsetRange {
  const start = text.lastIndexOf('\n', range.start - 1) + 1;
  return { start, end: start };
}
