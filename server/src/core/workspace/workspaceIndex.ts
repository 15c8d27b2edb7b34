import type { FileKind } from '../fileKind';
import { byCodeUnits } from '../text/codeUnitOrder';
import { DuplicateIndex, type QuestionRef } from './duplicateIndex';
import type { FileSummary } from './fileSummary';

export type { QuestionRef } from './duplicateIndex';

const VALID_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** Every bank file of the workspace, by URI and by id, with the question lookups cross-file rules need. */
export class WorkspaceIndex {
  private readonly files = new Map<string, FileSummary>();
  private readonly duplicates = new DuplicateIndex();
  private ids: Map<string, FileSummary[]> | undefined;
  /**
   * Each indexed file's question ids as last looked at, and which questions share theirs (see
   * questionsWithRepeatedIds), with the summary they are of.
   */
  private readonly questionIds = new Map<string, { summary: FileSummary; ids: (string | undefined)[]; repeated: number[] }>();
  /** Bumped on every change, so results computed from the index can tell they are stale. */
  version = 0;

  /**
   * Takes a file's summary. `edited`, when given, says it is the indexed summary with that question alone changed
   * (see withQuestion): what is kept of the other questions is kept without comparing them.
   */
  set(summary: FileSummary, edited?: number): void {
    // The ids kept for the indexed summary hold for this one too when the edited question's id is the same.
    const kept = this.questionIds.get(summary.uri);
    const sameIds =
      kept !== undefined &&
      edited !== undefined &&
      kept.summary === this.files.get(summary.uri) &&
      kept.ids.length === summary.questions.length &&
      questionIdOf(summary.questions[edited]) === kept.ids[edited];
    if (sameIds) kept.summary = summary;
    this.files.set(summary.uri, summary);
    this.duplicates.setFile(summary, edited);
    this.invalidate();
  }

  delete(uri: string): boolean {
    const existed = this.files.delete(uri);
    this.duplicates.removeFile(uri);
    this.questionIds.delete(uri);
    if (existed) this.invalidate();
    return existed;
  }

  get(uri: string): FileSummary | undefined {
    return this.files.get(uri);
  }

  all(): IterableIterator<FileSummary> {
    return this.files.values();
  }

  get size(): number {
    return this.files.size;
  }

  /** Files of a kind declaring an id, in URI order so results are stable. */
  filesWithId(kind: FileKind, id: string): FileSummary[] {
    if (!this.ids) {
      this.ids = new Map();
      for (const file of [...this.files.values()].sort((a, b) => byCodeUnits(a.uri, b.uri))) {
        if (file.id === undefined) continue;
        const key = `${file.kind}:${file.id}`;
        const list = this.ids.get(key) ?? [];
        list.push(file);
        this.ids.set(key, list);
      }
    }
    return this.ids.get(`${kind}:${id}`) ?? [];
  }

  competency(id: string): FileSummary | undefined {
    return this.filesWithId('competency', id)[0];
  }

  /** Valid competency ids, for suggestions: a malformed id is never offered as a correction. */
  competencyIds(): string[] {
    return [...this.files.values()].filter((f) => f.kind === 'competency' && f.id && VALID_ID.test(f.id)).map((f) => f.id!);
  }

  /**
   * The indexes, in order, of the file's questions whose id another question of it has too. Kept per file: a
   * keystroke that leaves the ids as they were costs a comparison of each, not a map of thousands of them.
   */
  questionsWithRepeatedIds(file: FileSummary): number[] {
    const questions = file.questions;
    const kept = this.questionIds.get(file.uri);
    if (kept?.summary === file) return kept.repeated;
    let repeated: number[] | undefined;
    if (kept && kept.ids.length === questions.length) {
      let i = 0;
      while (i < questions.length && questionIdOf(questions[i]) === kept.ids[i]) i++;
      if (i === questions.length) repeated = kept.repeated;
    }
    const ids = kept && repeated ? kept.ids : questions.map(questionIdOf);
    if (!repeated) {
      const counts = new Map<string, number>();
      for (const id of ids) if (id !== undefined) counts.set(id, (counts.get(id) ?? 0) + 1);
      repeated = [];
      for (let i = 0; i < ids.length; i++) if (ids[i] !== undefined && counts.get(ids[i]!)! > 1) repeated.push(i);
    }
    // Kept for the indexed summary only: a version linted without being indexed (quick fixes) must not stay in memory.
    if (this.files.get(file.uri) === file) this.questionIds.set(file.uri, { summary: file, ids, repeated });
    return repeated;
  }

  /** The questions of the file that may have twins (see duplicatesOf): the others need not be asked about. */
  questionsWithDuplicates(file: FileSummary): number[] {
    return this.duplicates.questionsWithMatches(file);
  }

  /** The other questions, in this file or any other, whose text is the same or nearly the same. */
  duplicatesOf(file: FileSummary, questionIndex: number): QuestionRef[] {
    return this.duplicates.similarTo(file, questionIndex);
  }

  private invalidate(): void {
    this.ids = undefined;
    this.version++;
  }
}

/** A question's id as duplicate-id judges it: one without a place in the text does not count. */
function questionIdOf(question: FileSummary['questions'][number]): string | undefined {
  return question.idRange ? question.id : undefined;
}
