import { mulberry32 } from '../fuzz/mutate';

/** A seeded generator with the picks tests need: the same sequence on every run and platform. */
export function seededRandom(seed: number) {
  const next = mulberry32(seed);
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)] };
}
