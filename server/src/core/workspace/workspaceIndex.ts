import type { FileKind } from '../fileKind';
import { dice, normalizeQuestion, wordBigrams } from '../text/similarity';
import type { FileSummary, QuestionSummary } from './fileSummary';

export interface QuestionRef {
  file: FileSummary;
  question: QuestionSummary;
}

const VALID_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
// Two texts this alike are the same question reworded slightly ("a user" / "an user", one word added).
export const NEAR_DUPLICATE_SIMILARITY = 0.85;
// Bigrams that open most behavioral questions ("tell me", "a time") say nothing about sameness.
const COMMON_BIGRAM_SHARE = 0.2;

/** Every bank file of the workspace, by URI and by id, with the question lookups cross-file rules need. */
export class WorkspaceIndex {
  private readonly files = new Map<string, FileSummary>();
  private duplicates: Map<QuestionSummary, QuestionRef[]> | undefined;
  private ids: Map<string, FileSummary[]> | undefined;

  set(summary: FileSummary): void {
    this.files.set(summary.uri, summary);
    this.invalidate();
  }

  delete(uri: string): boolean {
    const existed = this.files.delete(uri);
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

  /** The other questions, anywhere, whose text is the same or nearly the same as this one's. */
  duplicatesOf(question: QuestionSummary): QuestionRef[] {
    if (!this.duplicates) this.duplicates = this.findDuplicates();
    return this.duplicates.get(question) ?? [];
  }

  private invalidate(): void {
    this.duplicates = undefined;
    this.ids = undefined;
  }

  /**
   * Exact duplicates by normalized text; near duplicates by the Dice coefficient of word bigrams, compared only
   * between questions sharing an uncommon bigram so a large bank is not compared pair by pair.
   */
  private findDuplicates(): Map<QuestionSummary, QuestionRef[]> {
    const entries: { ref: QuestionRef; normalized: string; grams: string[] }[] = [];
    for (const file of this.files.values()) {
      for (const question of file.questions) {
        if (!question.text) continue;
        const normalized = normalizeQuestion(question.text);
        if (normalized.split(' ').length < 3) continue;
        entries.push({ ref: { file, question }, normalized, grams: wordBigrams(normalized) });
      }
    }
    const postings = new Map<string, number[]>();
    entries.forEach((entry, i) => {
      for (const gram of new Set(entry.grams)) {
        const list = postings.get(gram) ?? [];
        list.push(i);
        postings.set(gram, list);
      }
    });
    const commonLimit = Math.max(8, Math.floor(entries.length * COMMON_BIGRAM_SHARE));
    const result = new Map<QuestionSummary, QuestionRef[]>();
    const link = (a: number, b: number) => {
      const list = result.get(entries[a].ref.question) ?? [];
      list.push(entries[b].ref);
      result.set(entries[a].ref.question, list);
    };
    const byText = new Map<string, number[]>();
    entries.forEach((entry, i) => byText.set(entry.normalized, [...(byText.get(entry.normalized) ?? []), i]));
    for (const group of byText.values()) {
      for (const a of group) for (const b of group) if (a !== b) link(a, b);
    }
    entries.forEach((entry, i) => {
      const candidates = new Set<number>();
      for (const gram of new Set(entry.grams)) {
        const list = postings.get(gram)!;
        if (list.length > commonLimit) continue;
        for (const j of list) if (j > i) candidates.add(j);
      }
      for (const j of candidates) {
        const other = entries[j];
        if (entry.normalized !== other.normalized && dice(entry.grams, other.grams) >= NEAR_DUPLICATE_SIMILARITY) {
          link(i, j);
          link(j, i);
        }
      }
    });
    return result;
  }
}
