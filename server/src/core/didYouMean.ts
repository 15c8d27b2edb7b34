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

/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps cost 1. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (!a.length) return b.length;
  if (!b.length) return a.length;
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}
