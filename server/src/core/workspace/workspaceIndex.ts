import type { FileKind } from '../fileKind';
import { DuplicateIndex, type QuestionRef } from './duplicateIndex';
import type { FileSummary } from './fileSummary';

export type { QuestionRef } from './duplicateIndex';

const VALID_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** Every bank file of the workspace, by URI and by id, with the question lookups cross-file rules need. */
export class WorkspaceIndex {
  private readonly files = new Map<string, FileSummary>();
  private readonly duplicates = new DuplicateIndex();
  private ids: Map<string, FileSummary[]> | undefined;
  /** Each file's question ids as last looked at, and which questions share theirs (see questionsWithRepeatedIds). */
  private readonly questionIds = new Map<string, { ids: (string | undefined)[]; repeated: number[] }>();
  /** Bumped on every change, so results computed from the index can tell they are stale. */
  version = 0;

  set(summary: FileSummary): void {
    this.files.set(summary.uri, summary);
    this.duplicates.setFile(summary);
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
      for (const file of [...this.files.values()].sort((a, b) => a.uri.localeCompare(b.uri))) {
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
    const idOf = (question: FileSummary['questions'][number]) => (question.idRange ? question.id : undefined);
    const questions = file.questions;
    const kept = this.questionIds.get(file.uri);
    if (kept && kept.ids.length === questions.length) {
      let i = 0;
      while (i < questions.length && idOf(questions[i]) === kept.ids[i]) i++;
      if (i === questions.length) return kept.repeated;
    }
    const ids = questions.map(idOf);
    const counts = new Map<string, number>();
    for (const id of ids) if (id !== undefined) counts.set(id, (counts.get(id) ?? 0) + 1);
    const repeated: number[] = [];
    ids.forEach((id, i) => {
      if (id !== undefined && counts.get(id)! > 1) repeated.push(i);
    });
    this.questionIds.set(file.uri, { ids, repeated });
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
