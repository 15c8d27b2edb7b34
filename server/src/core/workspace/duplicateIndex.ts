import { byCodeUnits } from '../text/codeUnitOrder';
import { normalizeQuestion } from '../text/similarity';
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
  /**
   * The file the question is in: for an indexed file its record, whose summary each edit replaces, so the entries
   * of its other questions need no change.
   */
  owner: { summary: FileSummary };
  /** The question's place in `owner.summary.questions`. */
  index: number;
  normalized: string;
  /**
   * The text's word bigrams as numbers, ascending and distinct: a bigram's second occurrence in one text is a bigram
   * of its own, so the Dice coefficient of two multisets is that of these sets.
   */
  grams: Int32Array;
  /** Where the index holding this entry keeps it. */
  slot: number;
}

// Words and bigrams are numbered once for the life of the process; a text's numbers never change, so entries stay
// comparable. Bigrams are keyed by their two word numbers: small integers hash far faster than joined strings.
const wordNumbers = new Map<string, number>();
const bigramNumbers = new Map<number | string, number>();
const repeatNumbers = new Map<string, number>();
let gramCount = 0;
const WORD_KEY_LIMIT = 1 << 15;

function wordNumber(word: string): number {
  let n = wordNumbers.get(word);
  if (n === undefined) wordNumbers.set(word, (n = wordNumbers.size));
  return n;
}

function bigramNumber(first: number, second: number): number {
  // Within the small-integer range while the vocabulary is; a larger one falls back to string keys.
  const key = first < WORD_KEY_LIMIT && second < WORD_KEY_LIMIT ? first * WORD_KEY_LIMIT + second : `${first},${second}`;
  let n = bigramNumbers.get(key);
  if (n === undefined) bigramNumbers.set(key, (n = gramCount++));
  return n;
}

/** The text's word bigrams as distinct numbers, ascending: the k-th occurrence of a bigram in one text is its own. */
function numbered(words: readonly string[]): Int32Array {
  const ids = words.map(wordNumber);
  const grams = new Int32Array(Math.max(ids.length - 1, 0));
  for (let i = 0; i + 1 < ids.length; i++) grams[i] = bigramNumber(ids[i], ids[i + 1]);
  grams.sort();
  if (grams.every((gram, i) => i === 0 || gram !== grams[i - 1])) return grams;
  for (let start = 0; start < grams.length; ) {
    let end = start + 1;
    while (end < grams.length && grams[end] === grams[start]) end++;
    for (let k = start + 1; k < end; k++) {
      const key = `${grams[start]}#${k - start + 1}`;
      let n = repeatNumbers.get(key);
      if (n === undefined) repeatNumbers.set(key, (n = gramCount++));
      grams[k] = n;
    }
    start = end;
  }
  return grams.sort();
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
    const normalized = question.normalizedText ?? normalizeQuestion(text);
    const words = normalized.split(' ').filter(Boolean);
    key = words.length < MIN_WORDS ? null : { normalized, grams: numbered(words) };
    if (textKeys.size >= MAX_TEXT_KEYS) textKeys.clear();
    textKeys.set(text, key);
  }
  return key;
}

function entryFor(owner: { summary: FileSummary }, index: number): Entry | undefined {
  const key = textKeyOf(owner.summary.questions[index]);
  return key ? { owner, index, normalized: key.normalized, grams: key.grams, slot: -1 } : undefined;
}

/** Drops what questionsWithMatches kept for the entry's file: one of its entries' matches changed. */
function forget(entry: Entry): void {
  (entry.owner as Partial<IndexedFile>).withMatches = undefined;
}

function refOf(entry: Entry): QuestionRef {
  const file = entry.owner.summary;
  return { file, question: file.questions[entry.index] };
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
  /** Each slot's number of bigrams, 0 when empty: read for every list item a search walks. */
  private sizes = new Int32Array(64);
  private postings = 0;
  private deadPostings = 0;
  private seenBy = new Int32Array(64);
  private shared = new Int32Array(64);
  private needed = new Int32Array(64);
  private searches = 0;

  add(entry: Entry): void {
    entry.slot = this.slots.length;
    this.slots.push(entry);
    if (this.sizes.length < this.slots.length) this.sizes = grown(this.sizes, this.slots.length);
    this.sizes[entry.slot] = entry.grams.length;
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
    this.sizes[entry.slot] = 0;
    removeFrom(this.byText, entry.normalized, entry);
    this.deadPostings += entry.grams.length;
    if (this.deadPostings * 2 > this.postings) this.compact();
  }

  private compact(): void {
    const live = this.slots.filter((entry): entry is Entry => entry !== undefined);
    this.slots = [];
    this.sizes.fill(0);
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
    const { seenBy, shared, needed, sizes, slots } = this;
    for (const entry of found) {
      seenBy[entry.slot] = search;
      shared[entry.slot] = -1;
    }
    const t = NEAR_DUPLICATE_SIMILARITY;
    const size = probe.grams.length;
    const shortest = (t * size) / (2 - t) - 1e-6;
    const longest = ((2 - t) * size) / t + 1e-6;
    const rarest = this.rarestFirst(probe.grams);
    const prefixLength = size - minimumShared(size) + 1;
    const candidates: number[] = [];
    for (let g = 0; g < prefixLength; g++) {
      const list = this.byGram.get(rarest[g]);
      if (!list) continue;
      for (const slot of list) {
        if (seenBy[slot] !== search) {
          seenBy[slot] = search;
          const length = sizes[slot];
          if (length >= shortest && length <= longest) {
            shared[slot] = 0;
            needed[slot] = neededShared(size, length);
            candidates.push(slot);
          } else shared[slot] = -1;
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
      alive = alive.filter((slot) => shared[slot] + remaining >= needed[slot]);
      if (g === size || !alive.length) break;
      const list = this.byGram.get(rarest[g]) ?? [];
      if (list.length > alive.length * (size + 16)) {
        for (const slot of alive) shared[slot] = sharedCount(probe.grams, slots[slot]!.grams);
        alive = alive.filter((slot) => shared[slot] >= needed[slot]);
        break;
      }
      for (const slot of list) if (seenBy[slot] === search && shared[slot] >= 0) shared[slot]++;
    }
    for (const slot of alive) found.push(slots[slot]!);
    return found;
  }

  /** The bigrams ordered by how many entries hold them, fewest first (ties by number, so the order is stable). */
  private rarestFirst(grams: Int32Array): Float64Array {
    // Count and bigram packed in one number, so a plain numeric sort orders them.
    const keyed = new Float64Array(grams.length);
    for (let i = 0; i < grams.length; i++) keyed[i] = (this.byGram.get(grams[i])?.length ?? 0) * 2 ** 31 + grams[i];
    keyed.sort();
    for (let i = 0; i < keyed.length; i++) keyed[i] %= 2 ** 31;
    return keyed;
  }

  private beginSearch(): number {
    if (this.seenBy.length < this.slots.length) {
      this.seenBy = grown(this.seenBy, this.slots.length);
      this.shared = grown(this.shared, this.slots.length);
      this.needed = grown(this.needed, this.slots.length);
      this.searches = 0;
      this.seenBy.fill(0);
    }
    return ++this.searches;
  }
}

/** A larger copy (at least double), for arrays indexed by slot. */
function grown(array: Int32Array<ArrayBuffer>, atLeast: number): Int32Array<ArrayBuffer> {
  const bigger = new Int32Array(Math.max(atLeast, array.length * 2));
  bigger.set(array);
  return bigger;
}

// An edit of more questions than this at once (a paste, a replace-all) is taken like a new file.
const MAX_EDITED_QUESTIONS = 8;

/**
 * The workspace's question texts, kept up to date file by file, so finding the questions like one question costs
 * what its rarer bigrams cost, not a comparison with every question.
 */
interface IndexedFile {
  summary: FileSummary;
  /** Each question's entry, by its index in `summary.questions`; none for a text too short to compare. */
  byIndex: (Entry | undefined)[];
  /** The answer of questionsWithMatches, until a match of one of the file's entries comes or goes. */
  withMatches?: number[];
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
   * so an edit to one question changes one entry. `edited`, when given, says the file is the indexed one with that
   * question alone changed (the others moved, see withQuestion): no other text is compared.
   */
  setFile(file: FileSummary, edited?: number): void {
    const previous = this.byFile.get(file.uri);
    if (previous && previous.summary.questions.length === file.questions.length && this.setEditedFile(previous, file, edited)) return;
    const indexed: IndexedFile = { summary: file, byIndex: [] };
    const reusable = new Map<string, Entry[]>();
    for (const entry of previous?.byIndex ?? []) {
      if (!entry) continue;
      const list = reusable.get(entry.normalized);
      if (list) list.push(entry);
      else reusable.set(entry.normalized, [entry]);
    }
    const added: Entry[] = [];
    for (const [index, question] of file.questions.entries()) {
      const key = textKeyOf(question);
      if (!key) {
        indexed.byIndex.push(undefined);
        continue;
      }
      let entry = reusable.get(key.normalized)?.shift();
      if (entry) {
        entry.owner = indexed;
        entry.index = index;
      } else added.push((entry = { owner: indexed, index, normalized: key.normalized, grams: key.grams, slot: -1 }));
      indexed.byIndex.push(entry);
    }
    for (const list of reusable.values()) for (const entry of list) this.removeEntry(entry);
    for (const entry of added) this.addEntry(entry);
    this.byFile.set(file.uri, indexed);
  }

  /**
   * A new summary of a file with as many questions as before, most texts the same (typing in one question): entries
   * are kept question by question, without working any text out again. False, having changed nothing, when more
   * than a few texts changed.
   */
  private setEditedFile(previous: IndexedFile, file: FileSummary, edited?: number): boolean {
    const before = previous.summary.questions;
    const changed: number[] = [];
    if (edited !== undefined) {
      if (before[edited]?.text !== file.questions[edited]?.text) changed.push(edited);
    } else {
      for (let i = 0; i < before.length; i++) {
        if (before[i].text !== file.questions[i].text && changed.push(i) > MAX_EDITED_QUESTIONS) return false;
      }
    }
    // The record is kept, its summary replaced: every entry of the file, which refers to it, is now of the new one.
    previous.summary = file;
    for (const i of changed) {
      const old = previous.byIndex[i];
      if (old) this.removeEntry(old);
      previous.byIndex[i] = entryFor(previous, i);
    }
    for (const i of changed) if (previous.byIndex[i]) this.addEntry(previous.byIndex[i]!);
    return true;
  }

  removeFile(uri: string): void {
    for (const entry of this.byFile.get(uri)?.byIndex ?? []) if (entry) this.removeEntry(entry);
    this.byFile.delete(uri);
  }

  private addEntry(entry: Entry): void {
    this.texts.add(entry);
    const found = this.texts.matches(entry).filter((other) => other !== entry);
    this.matchesOf.set(entry, found);
    forget(entry);
    for (const other of found) {
      this.matchesOf.get(other)?.push(entry);
      forget(other);
    }
  }

  private removeEntry(entry: Entry): void {
    forget(entry);
    for (const other of this.matchesOf.get(entry) ?? []) {
      const theirs = this.matchesOf.get(other);
      if (theirs) this.matchesOf.set(other, theirs.filter((match) => match !== entry));
      forget(other);
    }
    this.texts.remove(entry);
    this.matchesOf.delete(entry);
  }

  /**
   * The indexes of the file's questions that may have twins: for the file as indexed, those whose text matched
   * another's (one pass, no lookup per question); for any other version of it, every question.
   */
  questionsWithMatches(file: FileSummary): number[] {
    const indexed = this.byFile.get(file.uri);
    if (indexed?.summary !== file) return file.questions.map((_question, i) => i);
    if (indexed.withMatches) return indexed.withMatches;
    const found: number[] = [];
    for (let i = 0; i < indexed.byIndex.length; i++) {
      const entry = indexed.byIndex[i];
      if (entry && this.matchesOf.get(entry)?.length !== 0) found.push(i);
    }
    return (indexed.withMatches = found);
  }

  /**
   * Questions the same as or nearly the same as `file.questions[index]`: in other indexed files, and in `file`
   * itself (which may be a newer version of an indexed file than the index holds). Same-file matches first, in
   * file order; then the others by file and position.
   */
  similarTo(file: FileSummary, index: number): QuestionRef[] {
    const indexed = this.byFile.get(file.uri);
    let found: Entry[];
    if (indexed?.summary === file) {
      const entry = indexed.byIndex[index];
      if (!entry) return [];
      let matches = this.matchesOf.get(entry);
      if (!matches) this.matchesOf.set(entry, (matches = this.texts.matches(entry).filter((other) => other !== entry)));
      found = matches;
    } else {
      const probe = entryFor({ summary: file }, index);
      if (!probe) return [];
      const others = this.texts.matches(probe).filter((entry) => entry.owner.summary.uri !== file.uri);
      const own = localIndex(file)
        .matches(probe)
        .filter((entry) => entry.index !== index);
      found = [...own, ...others];
    }
    // Most questions have no twin: asked for every question of a file at every lint, this answer allocates nothing.
    if (!found.length) return [];
    const refs = found.map(refOf);
    const own = refs.filter((ref) => ref.file.uri === file.uri);
    const others = refs.filter((ref) => ref.file.uri !== file.uri);
    const byPlace = (a: QuestionRef, b: QuestionRef) => a.question.anchorRange.start - b.question.anchorRange.start;
    own.sort(byPlace);
    others.sort((a, b) => byCodeUnits(a.file.uri, b.file.uri) || byPlace(a, b));
    return [...own, ...others];
  }
}

const localIndexes = new WeakMap<FileSummary, TextIndex>();

/** One file's own questions, indexed once per summary object, for duplicates inside the file. */
function localIndex(file: FileSummary): TextIndex {
  let local = localIndexes.get(file);
  if (!local) {
    local = new TextIndex();
    const owner = { summary: file };
    for (let index = 0; index < file.questions.length; index++) {
      const entry = entryFor(owner, index);
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
