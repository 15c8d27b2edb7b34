/** What a snippet inserts when every placeholder keeps its default. */
export function snippetDefaultText(
  body: string | string[],
  options?: { variables?: Record<string, string>; transformed?: boolean },
): string;
/** Trimmed, non-empty lines. */
export function significantLines(text: string): string[];
/** True when `expected`'s significant lines appear, in order and adjacent, among `actual`'s. */
export function containsLines(actual: string, expected: string): boolean;
