import { dice, normalizeQuestion, wordBigrams } from '../text/similarity';
import type { FileSummary, QuestionSummary } from './fileSummary';

export interface QuestionRef {
  file: FileSummary;
  question: QuestionSummary;
}

// Two texts this alike are the same question reworded slightly ("a user" / "an user", one word added).
export const NEAR_DUPLICATE_SIMILARITY = 0.85;
// Bigrams that open most behavioral questions ("tell me", "a time") say nothing about sameness.
const COMMON_BIGRAM_SHARE = 0.2;
const MIN_WORDS = 3;

interface Entry {
  ref: QuestionRef;
  normalized: string;
  grams: string[];
}

function entryFor(file: FileSummary, question: QuestionSummary): Entry | undefined {
  if (!question.text) return undefined;
  const normalized = normalizeQuestion(question.text);
  if (normalized.split(' ').length < MIN_WORDS) return undefined;
  return { ref: { file, question }, normalized, grams: wordBigrams(normalized) };
}

/**
 * Question texts by exact normalized text and by word bigram, kept up to date file by file, so finding the
 * questions like one question costs what its uncommon bigrams cost, not a comparison with every question.
 */
export class DuplicateIndex {
  private readonly byFile = new Map<string, Entry[]>();
  private readonly byText = new Map<string, Set<Entry>>();
  private readonly byGram = new Map<string, Set<Entry>>();
  private size = 0;

  setFile(file: FileSummary): void {
    this.removeFile(file.uri);
    const entries = file.questions.map((q) => entryFor(file, q)).filter((e): e is Entry => e !== undefined);
    this.byFile.set(file.uri, entries);
    for (const entry of entries) {
      add(this.byText, entry.normalized, entry);
      for (const gram of new Set(entry.grams)) add(this.byGram, gram, entry);
    }
    this.size += entries.length;
  }

  removeFile(uri: string): void {
    const entries = this.byFile.get(uri);
    if (!entries) return;
    for (const entry of entries) {
      remove(this.byText, entry.normalized, entry);
      for (const gram of new Set(entry.grams)) remove(this.byGram, gram, entry);
    }
    this.size -= entries.length;
    this.byFile.delete(uri);
  }

  /**
   * Questions the same as or nearly the same as `file.questions[index]`: in other indexed files, and in `file`
   * itself (which may be a newer version of an indexed file than the index holds).
   */
  similarTo(file: FileSummary, index: number): QuestionRef[] {
    const probe = entryFor(file, file.questions[index]);
    if (!probe) return [];
    const others = [...this.matches(probe, this.byText, this.byGram, this.size)].filter((entry) => entry.ref.file.uri !== file.uri);
    const local = localIndex(file);
    const own = [...this.matches(probe, local.byText, local.byGram, local.size)].filter((entry) => entry.ref.question !== file.questions[index]);
    return [...own, ...others].map((entry) => entry.ref);
  }

  private *matches(probe: Entry, byText: Map<string, Set<Entry>>, byGram: Map<string, Set<Entry>>, size: number): Iterable<Entry> {
    const seen = new Set<Entry>();
    for (const entry of byText.get(probe.normalized) ?? []) {
      seen.add(entry);
      yield entry;
    }
    const commonLimit = Math.max(8, Math.floor(size * COMMON_BIGRAM_SHARE));
    for (const gram of new Set(probe.grams)) {
      const entries = byGram.get(gram);
      if (!entries || entries.size > commonLimit) continue;
      for (const entry of entries) {
        if (seen.has(entry)) continue;
        seen.add(entry);
        if (dice(probe.grams, entry.grams) >= NEAR_DUPLICATE_SIMILARITY) yield entry;
      }
    }
  }
}

interface LocalIndex {
  byText: Map<string, Set<Entry>>;
  byGram: Map<string, Set<Entry>>;
  size: number;
}

const localIndexes = new WeakMap<FileSummary, LocalIndex>();

/** One file's own questions, indexed once per summary object, for duplicates inside the file. */
function localIndex(file: FileSummary): LocalIndex {
  let local = localIndexes.get(file);
  if (!local) {
    local = { byText: new Map(), byGram: new Map(), size: 0 };
    for (const question of file.questions) {
      const entry = entryFor(file, question);
      if (!entry) continue;
      add(local.byText, entry.normalized, entry);
      for (const gram of new Set(entry.grams)) add(local.byGram, gram, entry);
      local.size++;
    }
    localIndexes.set(file, local);
  }
  return local;
}

function add<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(value);
}

function remove<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(value);
  if (!set.size) map.delete(key);
}
