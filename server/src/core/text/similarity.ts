/** Case, punctuation and spacing do not make a different question. */
export function normalizeQuestion(text: string): string {
  // Plain ASCII (most texts) needs neither Unicode normalization nor Unicode classes: the same result, far quicker.
  if (!/[^\x00-\x7f]/.test(text)) {
    return text
      .toLowerCase()
      .replace(/[*_`~]/g, '')
      .replace(/[^a-z0-9\s]+/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
  }
  return normalizeAnyText(text);
}

/** normalizeQuestion for any text, Unicode rules throughout: what the ASCII shortcut must agree with. */
export function normalizeAnyText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[*_`~]/g, '')
    .replace(/[^\p{L}\p{N}\s]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Adjacent word pairs: the unit near-duplicate detection compares. */
export function wordBigrams(normalized: string): string[] {
  const words = normalized.split(' ').filter(Boolean);
  if (words.length < 2) return words;
  const bigrams: string[] = [];
  for (let i = 0; i + 1 < words.length; i++) bigrams.push(`${words[i]} ${words[i + 1]}`);
  return bigrams;
}

/** Sørensen–Dice coefficient of two bigram multisets: 1 for the same words in the same order. */
export function dice(a: readonly string[], b: readonly string[]): number {
  if (!a.length && !b.length) return 1;
  const counts = new Map<string, number>();
  for (const gram of a) counts.set(gram, (counts.get(gram) ?? 0) + 1);
  let shared = 0;
  for (const gram of b) {
    const count = counts.get(gram) ?? 0;
    if (count > 0) {
      shared++;
      counts.set(gram, count - 1);
    }
  }
  return (2 * shared) / (a.length + b.length);
}
