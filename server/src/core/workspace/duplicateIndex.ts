import { normalizeQuestion, wordBigrams } from '../text/similarity';
import type { FileSummary, QuestionSummary } from './fileSummary';

export interface QuestionRef {
  file: FileSummary;
  question: QuestionSummary;
}

// Two texts this alike are the same question reworded slightly ("a user" / "an user", one word added).
export const NEAR_DUPLICATE_SIMILARITY = 0.85;
const MIN_WORDS = 3;

/**
 * The fewest bigrams a text of `size` bigrams must share with another to reach NEAR_DUPLICATE_SIMILARITY with it,
 * whatever the other's size: Dice 2s/(a+b) >= t with s <= b gives s >= t*a/(2-t). Rounded down a hair, so float
 * error can only make the search wider, never miss a match.
 */
function minimumShared(size: number): number {
  const t = NEAR_DUPLICATE_SIMILARITY;
  return Math.max(1, Math.ceil((t * size) / (2 - t) - 1e-6));
}

interface Entry {
  ref: QuestionRef;
  normalized: string;
  /**
   * The text's word bigrams as numbers, ascending and distinct: a bigram's second occurrence in one text is a bigram
   * of its own, so the Dice coefficient of two multisets is that of these sets.
   */
  grams: Int32Array;
  /** Where the index holding this entry keeps it. */
  slot: number;
}

// Bigrams are numbered once for the life of the process; a text's numbers never change, so entries stay comparable.
const gramNumbers = new Map<string, number>();

function numbered(grams: readonly string[]): Int32Array {
  const occurrences = new Map<string, number>();
  const numbers = new Int32Array(grams.length);
  grams.forEach((gram, i) => {
    const occurrence = (occurrences.get(gram) ?? 0) + 1;
    occurrences.set(gram, occurrence);
    const key = occurrence === 1 ? gram : `${gram}\u0000${occurrence}`;
    let n = gramNumbers.get(key);
    if (n === undefined) gramNumbers.set(key, (n = gramNumbers.size));
    numbers[i] = n;
  });
  return numbers.sort();
}

interface TextKey {
  normalized: string;
  grams: Int32Array;
}

// A text is worked out as a probe, for its file's own index and for the workspace's, and again each time its file is
// summarized after an edit elsewhere in it: remember recent ones. Bounded, and emptied when full.
const MAX_TEXT_KEYS = 50_000;
const textKeys = new Map<string, TextKey | null>();

function textKeyOf(question: QuestionSummary): TextKey | null {
  const text = question.text ?? '';
  let key = textKeys.get(text);
  if (key === undefined) {
    const normalized = normalizeQuestion(text);
    key = normalized.split(' ').length < MIN_WORDS ? null : { normalized, grams: numbered(wordBigrams(normalized)) };
    if (textKeys.size >= MAX_TEXT_KEYS) textKeys.clear();
    textKeys.set(text, key);
  }
  return key;
}

function entryFor(file: FileSummary, question: QuestionSummary): Entry | undefined {
  const key = textKeyOf(question);
  return key ? { ref: { file, question }, normalized: key.normalized, grams: key.grams, slot: -1 } : undefined;
}

/** The fewest bigrams two texts of these sizes must share for Dice >= NEAR_DUPLICATE_SIMILARITY. */
function neededShared(a: number, b: number): number {
  return Math.ceil((NEAR_DUPLICATE_SIMILARITY * (a + b)) / 2 - 1e-9);
}

/** How many numbers two ascending sets share. */
function sharedCount(a: Int32Array, b: Int32Array): number {
  let shared = 0;
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    if (a[i] === b[j]) {
      shared++;
      i++;
      j++;
    } else if (a[i] < b[j]) i++;
    else j++;
  }
  return shared;
}

/**
 * Question texts by exact normalized text and by bigram. Bigram lists hold slot numbers in plain arrays and the
 * per-search counts live in typed arrays: a search walks thousands of list items, and this keeps each step cheap.
 * A removed entry leaves its slot empty until the lists are compacted.
 */
class TextIndex {
  private readonly byText = new Map<string, Set<Entry>>();
  private readonly byGram = new Map<number, number[]>();
  private slots: (Entry | undefined)[] = [];
  private postings = 0;
  private deadPostings = 0;
  private seenBy = new Int32Array(64);
  private shared = new Int32Array(64);
  private searches = 0;

  add(entry: Entry): void {
    entry.slot = this.slots.length;
    this.slots.push(entry);
    addTo(this.byText, entry.normalized, entry);
    for (const gram of entry.grams) {
      let list = this.byGram.get(gram);
      if (!list) this.byGram.set(gram, (list = []));
      list.push(entry.slot);
    }
    this.postings += entry.grams.length;
  }

  remove(entry: Entry): void {
    if (this.slots[entry.slot] !== entry) return;
    this.slots[entry.slot] = undefined;
    removeFrom(this.byText, entry.normalized, entry);
    this.deadPostings += entry.grams.length;
    if (this.deadPostings * 2 > this.postings) this.compact();
  }

  private compact(): void {
    const live = this.slots.filter((entry): entry is Entry => entry !== undefined);
    this.slots = [];
    this.byGram.clear();
    this.postings = this.deadPostings = 0;
    for (const entry of live) {
      removeFrom(this.byText, entry.normalized, entry);
      this.add(entry);
    }
  }

  /**
   * Entries the same as or nearly the same as the probe. Prefix filtering: a text sharing at least k of the probe's
   * n bigrams holds one of any n-k+1 of them, so only entries filed under the probe's n-k+1 rarest bigrams can
   * match (rarest first keeps those lists short; any order finds the same).
   */
  matches(probe: Entry): Entry[] {
    const found = [...(this.byText.get(probe.normalized) ?? [])];
    const search = this.beginSearch();
    const { seenBy, shared, slots } = this;
    for (const entry of found) {
      seenBy[entry.slot] = search;
      shared[entry.slot] = -1;
    }
    const t = NEAR_DUPLICATE_SIMILARITY;
    const size = probe.grams.length;
    const shortest = (t * size) / (2 - t) - 1e-6;
    const longest = ((2 - t) * size) / t + 1e-6;
    const frequency = (gram: number) => this.byGram.get(gram)?.length ?? 0;
    const rarest = [...probe.grams].sort((a, b) => frequency(a) - frequency(b) || a - b);
    const prefixLength = size - minimumShared(size) + 1;
    const candidates: number[] = [];
    for (let g = 0; g < prefixLength; g++) {
      for (const slot of this.byGram.get(rarest[g]) ?? []) {
        if (seenBy[slot] !== search) {
          seenBy[slot] = search;
          const length = slots[slot]?.grams.length ?? 0;
          const eligible = length >= shortest && length <= longest;
          shared[slot] = eligible ? 0 : -1;
          if (eligible) candidates.push(slot);
        }
        if (shared[slot] >= 0) shared[slot]++;
      }
    }
    // The other bigrams, rarest first: after each, drop the candidates that can no longer reach their threshold even
    // if they share every bigram still to come; once a list is longer than the survivors' own bigrams, count those
    // few directly.
    let alive = candidates;
    for (let g = prefixLength; g <= size && alive.length; g++) {
      const remaining = size - g;
      alive = alive.filter((slot) => shared[slot] + remaining >= neededShared(size, slots[slot]!.grams.length));
      if (g === size || !alive.length) break;
      if (frequency(rarest[g]) > alive.length * (size + 16)) {
        for (const slot of alive) shared[slot] = sharedCount(probe.grams, slots[slot]!.grams);
        alive = alive.filter((slot) => shared[slot] >= neededShared(size, slots[slot]!.grams.length));
        break;
      }
      for (const slot of this.byGram.get(rarest[g]) ?? []) if (seenBy[slot] === search && shared[slot] >= 0) shared[slot]++;
    }
    for (const slot of alive) found.push(slots[slot]!);
    return found;
  }

  private beginSearch(): number {
    if (this.seenBy.length < this.slots.length) {
      const capacity = Math.max(this.slots.length, this.seenBy.length * 2);
      this.seenBy = new Int32Array(capacity);
      this.shared = new Int32Array(capacity);
      this.searches = 0;
    }
    return ++this.searches;
  }
}

/**
 * The workspace's question texts, kept up to date file by file, so finding the questions like one question costs
 * what its rarer bigrams cost, not a comparison with every question.
 */
interface IndexedFile {
  summary: FileSummary;
  entries: Entry[];
  byQuestion: Map<QuestionSummary, Entry>;
}

export class DuplicateIndex {
  private readonly byFile = new Map<string, IndexedFile>();
  private readonly texts = new TextIndex();
  /**
   * Every indexed question's matches, searched once when it is added. Similarity is symmetric, so that one search
   * also finds every question whose matches it joins, and on removal those it leaves: re-running the rules after an
   * edit costs a lookup per question, and reading a workspace searches while the files are still being parsed.
   */
  private readonly matchesOf = new Map<Entry, Entry[]>();

  /**
   * Takes the file's questions. A question whose text is unchanged keeps its entry (with the new summary's ranges),
   * so an edit to one question changes one entry.
   */
  setFile(file: FileSummary): void {
    const previous = this.byFile.get(file.uri);
    const reusable = new Map<string, Entry[]>();
    for (const entry of previous?.entries ?? []) {
      const list = reusable.get(entry.normalized);
      if (list) list.push(entry);
      else reusable.set(entry.normalized, [entry]);
    }
    const entries: Entry[] = [];
    const byQuestion = new Map<QuestionSummary, Entry>();
    const added: Entry[] = [];
    for (const question of file.questions) {
      const key = textKeyOf(question);
      if (!key) continue;
      let entry = reusable.get(key.normalized)?.shift();
      if (entry) entry.ref = { file, question };
      else added.push((entry = { ref: { file, question }, normalized: key.normalized, grams: key.grams, slot: -1 }));
      entries.push(entry);
      byQuestion.set(question, entry);
    }
    for (const list of reusable.values()) for (const entry of list) this.removeEntry(entry);
    for (const entry of added) this.addEntry(entry);
    this.byFile.set(file.uri, { summary: file, entries, byQuestion });
  }

  removeFile(uri: string): void {
    for (const entry of this.byFile.get(uri)?.entries ?? []) this.removeEntry(entry);
    this.byFile.delete(uri);
  }

  private addEntry(entry: Entry): void {
    this.texts.add(entry);
    const found = this.texts.matches(entry).filter((other) => other !== entry);
    this.matchesOf.set(entry, found);
    for (const other of found) this.matchesOf.get(other)?.push(entry);
  }

  private removeEntry(entry: Entry): void {
    for (const other of this.matchesOf.get(entry) ?? []) {
      const theirs = this.matchesOf.get(other);
      if (theirs) this.matchesOf.set(other, theirs.filter((match) => match !== entry));
    }
    this.texts.remove(entry);
    this.matchesOf.delete(entry);
  }

  /**
   * Questions the same as or nearly the same as `file.questions[index]`: in other indexed files, and in `file`
   * itself (which may be a newer version of an indexed file than the index holds). Same-file matches first, in
   * file order; then the others by file and position.
   */
  similarTo(file: FileSummary, index: number): QuestionRef[] {
    const question = file.questions[index];
    const indexed = this.byFile.get(file.uri);
    let found: Entry[];
    if (indexed?.summary === file) {
      const entry = indexed.byQuestion.get(question);
      if (!entry) return [];
      let matches = this.matchesOf.get(entry);
      if (!matches) this.matchesOf.set(entry, (matches = this.texts.matches(entry).filter((other) => other !== entry)));
      found = matches;
    } else {
      const probe = entryFor(file, question);
      if (!probe) return [];
      const others = this.texts.matches(probe).filter((entry) => entry.ref.file.uri !== file.uri);
      const own = localIndex(file)
        .matches(probe)
        .filter((entry) => entry.ref.question !== question);
      found = [...own, ...others];
    }
    const refs = found.map((entry) => entry.ref);
    const own = refs.filter((ref) => ref.file.uri === file.uri);
    const others = refs.filter((ref) => ref.file.uri !== file.uri);
    const byPlace = (a: QuestionRef, b: QuestionRef) => a.question.anchorRange.start - b.question.anchorRange.start;
    own.sort(byPlace);
    others.sort((a, b) => (a.file.uri < b.file.uri ? -1 : a.file.uri > b.file.uri ? 1 : byPlace(a, b)));
    return [...own, ...others];
  }
}

const localIndexes = new WeakMap<FileSummary, TextIndex>();

/** One file's own questions, indexed once per summary object, for duplicates inside the file. */
function localIndex(file: FileSummary): TextIndex {
  let local = localIndexes.get(file);
  if (!local) {
    local = new TextIndex();
    for (const question of file.questions) {
      const entry = entryFor(file, question);
      if (entry) local.add(entry);
    }
    localIndexes.set(file, local);
  }
  return local;
}

function addTo<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(value);
}

function removeFrom<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(value);
  if (!set.size) map.delete(key);
}
