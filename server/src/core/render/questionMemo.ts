import { usesAnchors } from '../incremental/questionLayout';
import type { OffsetRange, Problem } from '../problem';

/** What decides a question's part of the page, besides its source text. */
export interface QuestionPlace {
  /** Zero-based position in the list: the heading's number. */
  index: number;
  /** The question's source: from the start of its first line (indentation decides the parse) to its end. */
  from: number;
  to: number;
  /** Zero-based line of `from`: every `data-line` inside is this plus a line within the source. */
  line: number;
  /** The problems placed inside the question, relative to `from`. */
  problems: string;
}

interface Kept extends QuestionPlace {
  /** The text `from` and `to` are offsets in: the one rendered when this was last written or reused. */
  text: string;
  html: string;
}

/**
 * The HTML of a competency's questions from the last render of one file, so that a render after a keystroke writes
 * the question that changed and copies the rest. A question's HTML is reused only when everything it is written from
 * is the same: the source from the start of its first line to its end, the line it starts on, its number and the
 * problems inside it. A question that uses an alias reads text from elsewhere in the file and is always written anew
 * (so is one that defines an anchor, which the same search finds).
 *
 * Only what the last render used is kept, so the memo holds one render's HTML and one text.
 */
export class QuestionMemo {
  private kept: Kept[] = [];
  private next: Kept[] = [];

  /** The HTML the last render wrote for this question, when it would write the same now from `text`. */
  reusable(text: string, place: QuestionPlace): string | undefined {
    const kept = this.kept[place.index];
    if (!kept || kept.line !== place.line || kept.to - kept.from !== place.to - place.from || kept.problems !== place.problems) return undefined;
    // Slices of two strings compare by content without copying either.
    if (kept.text.slice(kept.from, kept.to) !== text.slice(place.from, place.to)) return undefined;
    this.keep(text, place, kept.html);
    return kept.html;
  }

  keep(text: string, place: QuestionPlace, html: string): void {
    this.next[place.index] = { ...place, text, html };
  }

  /** Ends a render: what it did not use is let go. */
  finish(): void {
    this.kept = this.next;
    this.next = [];
  }
}

/**
 * Where a question sits, for the memo; undefined when its part of the page depends on more than its own source.
 * `problems` must be sorted by start.
 */
export function questionPlace(
  text: string,
  index: number,
  question: { node: unknown; range: OffsetRange },
  line: (offset: number) => number,
  problems: readonly Problem[],
): QuestionPlace | undefined {
  const { start, end } = question.range;
  const from = start > 0 ? text.lastIndexOf('\n', start - 1) + 1 : 0;
  // Aliases (and, to be safe, anchors) are written with `*` and `&`: only a question whose source has one needs its
  // tree searched.
  const source = text.slice(from, end);
  if ((source.includes('*') || source.includes('&')) && usesAnchors(question.node)) return undefined;
  const inside: string[] = [];
  // The problems placeProblems puts inside the question: those that start within its range.
  for (let i = firstStartingAt(problems, start); i < problems.length && problems[i].range.start < Math.max(end, start + 1); i++) {
    const problem = problems[i];
    inside.push(`${problem.range.start - from}\u0001${problem.ruleId}\u0001${problem.severity}\u0001${problem.message}`);
  }
  return { index, from, to: end, line: line(from), problems: inside.join('\u0002') };
}

function firstStartingAt(problems: readonly Problem[], offset: number): number {
  let low = 0;
  let high = problems.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (problems[middle].range.start < offset) low = middle + 1;
    else high = middle;
  }
  return low;
}
