/** The known word closest to what was typed, when it is close enough to be a likely typo. */
export function didYouMean(typed: string, known: readonly string[]): string | undefined {
  const wanted = normalize(typed);
  // Keys are short; a long one is no typo of any, and the distance table would be large.
  if (!wanted || wanted.length > 64) return undefined;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const normalized = normalize(candidate);
    if (normalized === wanted) return candidate;
    const distance = editDistance(wanted, normalized);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const allowed = Math.max(1, Math.floor(wanted.length / 3));
  if (bestDistance <= allowed) return best;
  // A clipped key (`duration` for `duration_minutes`) is a likely slip too, when only one key starts that way.
  const extended = wanted.length >= 4 ? known.filter((candidate) => normalize(candidate).startsWith(wanted)) : [];
  return extended.length === 1 ? extended[0] : undefined;
}

/** Case, hyphens, underscores and spaces do not make a different key to a person. */
function normalize(word: string): string {
  return word.toLowerCase().replace(/[\s_-]+/g, '');
}

/**
 * Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps cost 1. Three rolling
 * rows instead of a table: a file can have thousands of unknown keys, each compared with every known one.
 */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (!a.length) return b.length;
  if (!b.length) return a.length;
  const cols = b.length + 1;
  let twoBack = new Int32Array(cols);
  let previous = new Int32Array(cols);
  let current = new Int32Array(cols);
  for (let j = 0; j < cols; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    for (let j = 1; j < cols; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) value = Math.min(value, twoBack[j - 2] + 1);
      current[j] = value;
    }
    [twoBack, previous, current] = [previous, current, twoBack];
  }
  return previous[b.length];
}
