import type { FileKind } from '../fileKind';
import { LineIndex } from '../lineIndex';
import type { BankModel, QuestionModel, SectionModel } from '../model';
import type { OffsetRange } from '../problem';
import { findDirectives, type Directive } from '../suppressions';
import { normalizeQuestion } from '../text/similarity';
import type { SourceText } from '../text/sourceText';
import { readableRange } from '../yamlDocument';

export interface QuestionSummary {
  id?: string;
  idRange?: OffsetRange;
  text?: string;
  /** The text as duplicates are compared (see normalizeQuestion), worked out where the file is checked. */
  normalizedText?: string;
  textRange?: OffsetRange;
  anchorRange: OffsetRange;
  minutes?: number;
  /** Texts of `areas_to_cover` and `follow_ups`, for guides that show the question (the preview and export). */
  areasToCover?: string[];
  followUps?: string[];
}

/**
 * What the workspace keeps of each bank file: ids, question texts and ranges, no YAML tree, so a thousand files
 * stay small in memory.
 */
export interface FileSummary {
  uri: string;
  kind: FileKind;
  lines: LineIndex;
  directives: Directive[];
  id?: string;
  idRange?: OffsetRange;
  name?: string;
  /** A competency's `summary` (Markdown), shown by hovers and completion in guides. */
  summary?: string;
  questions: QuestionSummary[];
  sections: SectionModel[];
  durationMinutes?: number;
  durationRange?: OffsetRange;
}

export function summarize(uri: string, text: string, model: BankModel): FileSummary {
  return { ...summarizeModel(uri, text, model), lines: new LineIndex(text), directives: findDirectives(text) };
}

/** The summary but its line index and directives, which are rebuilt from the text wherever the summary lands. */
export function summarizeModel(uri: string, text: string, model: BankModel): Omit<FileSummary, 'lines' | 'directives'> {
  const base = { uri, kind: model.kind, id: model.id, idRange: model.idRange };
  if (model.kind === 'competency') {
    return { ...base, name: model.name, summary: model.summary, questions: model.questions.map((q) => summarizeQuestion(text, q)), sections: [] };
  }
  return { ...base, name: model.title, questions: [], sections: model.sections, durationMinutes: model.durationMinutes, durationRange: model.durationRange };
}

export function summarizeQuestion(text: SourceText, q: QuestionModel): QuestionSummary {
  return {
    id: q.id,
    idRange: q.idRange,
    text: q.text,
    normalizedText: q.text === undefined ? undefined : normalizeQuestion(q.text),
    textRange: q.textRange && readableRange(text, q.textRange),
    anchorRange: q.anchorRange,
    minutes: q.minutes,
    areasToCover: q.areasToCover?.items.map((item) => item.text),
    followUps: q.followUps?.items.map((item) => item.text),
  };
}

/**
 * A competency file's summary after an edit inside its question `index`: that question summarized anew, everything
 * after the edit moved by `delta`. Undefined when the summary's questions do not line up with the file's items.
 */
export function withQuestion(
  previous: FileSummary,
  update: { index: number; question: QuestionSummary | undefined; itemCount: number; editEnd: number; delta: number; lines: LineIndex; directives: Directive[] },
): FileSummary | undefined {
  const { index, question, editEnd, delta } = update;
  // Summaries keep only the items that are mappings; when every item is one, item k is summary k.
  if (previous.kind !== 'competency' || previous.questions.length !== update.itemCount || !question) return undefined;
  const shift = (range: OffsetRange | undefined) => (range && range.start >= editEnd ? { start: range.start + delta, end: range.end + delta } : range);
  // Every question after the edit is copied (a keystroke near the top of a large file moves thousands): written out
  // field by field, which V8 builds much faster than a spread (the type makes sure no field is left out).
  const shiftQuestion = (q: QuestionSummary): { [K in keyof Required<QuestionSummary>]: QuestionSummary[K] } => ({
    id: q.id,
    idRange: shift(q.idRange),
    text: q.text,
    normalizedText: q.normalizedText,
    textRange: shift(q.textRange),
    anchorRange: shift(q.anchorRange)!,
    minutes: q.minutes,
    areasToCover: q.areasToCover,
    followUps: q.followUps,
  });
  const questions = previous.questions.slice();
  questions[index] = question;
  for (let i = index + 1; i < questions.length; i++) questions[i] = shiftQuestion(questions[i]);
  return { ...previous, lines: update.lines, directives: update.directives, idRange: shift(previous.idRange), questions };
}
