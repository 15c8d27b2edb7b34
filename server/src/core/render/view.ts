import type { FileKind } from '../fileKind';
import type { LineIndex } from '../lineIndex';
import type { OffsetRange, Problem, Severity } from '../problem';
import type { QuestionPlace } from './questionMemo';

/**
 * What a bank file renders to, before it is written out as HTML or Markdown: a small tree of headings, text,
 * lists and tables, each with the zero-based source line it came from and the problems found there. Building it
 * once and writing it twice is what keeps the preview, the HTML export and the Markdown export the same.
 */

export interface ProblemNote {
  ruleId: string;
  severity: Severity;
  /** Short badge text: "no follow-ups", "unresolved reference". */
  label: string;
  message: string;
  line: number;
}

interface Placed {
  line: number;
  /** Source range for placing problems; nodes without one never receive problems. */
  range?: OffsetRange;
  problems: ProblemNote[];
}

export interface Heading {
  text: string;
  /** Small text after the heading: "12 min". */
  meta?: string;
}

export interface SectionNode extends Placed {
  type: 'section';
  /** Names the part for styling and tests: `question`, `areas`, `guide-section` ... */
  role: string;
  heading?: Heading;
  /** 1 for the title, 2 for parts, 3 for questions, 4 for their lists. */
  level: number;
  children: ViewNode[];
  /**
   * A question the preview may copy from its last render (see QuestionMemo): with `html`, its part of the page as
   * written then, and no children; without, where to keep what is written now.
   */
  reuse?: { text: string; place: QuestionPlace; html?: string };
}

export interface MarkdownNode extends Placed {
  type: 'markdown';
  source: string;
  literal: boolean;
  /** The level of the heading above, so `#` headings inside the text nest under it. */
  headingBase: number;
}

export interface TextNode extends Placed {
  type: 'text';
  text: string;
  role?: string;
  /** Our own wording, whose backticks mark code (ids); author text never sets this. */
  code?: boolean;
}

export interface ListItem extends Placed {
  text: string;
}

export interface ListNode extends Placed {
  type: 'list';
  role?: string;
  items: ListItem[];
}

export interface TableRow extends Placed {
  cells: string[];
}

export interface TableNode extends Placed {
  type: 'table';
  role?: string;
  columns: string[];
  rows: TableRow[];
}

export interface Fact extends Placed {
  label: string;
  value: string;
  /** Marks a value that needs attention, such as planned minutes over the slot. */
  flagged?: boolean;
}

export interface FactsNode extends Placed {
  type: 'facts';
  items: Fact[];
}

export type ViewNode = SectionNode | MarkdownNode | TextNode | ListNode | TableNode | FactsNode;

export interface DocumentView {
  kind: FileKind;
  title: string;
  /** Problems no rendered part contains (a misspelled top-level key, a missing required field). */
  problems: ProblemNote[];
  /** Every problem of the file, for the counts at the top. */
  allProblems: ProblemNote[];
  children: ViewNode[];
}

const LABELS: Record<string, string> = {
  'yaml-syntax': 'YAML syntax',
  schema: 'schema',
  'missing-follow-ups': 'no follow-ups',
  'missing-areas-to-cover': 'no areas to cover',
  'duplicate-id': 'duplicate id',
  'duplicate-question': 'duplicate question',
  'not-behavioral': 'not behavioral',
  'protected-topic': 'protected topic',
  'unknown-reference': 'unresolved reference',
  'over-time': 'over time',
  suppression: 'suppression',
  config: 'config',
};

/**
 * Puts each problem on the innermost rendered part whose source range holds the problem's start: a missing
 * follow-up on its question, a protected topic on the follow-up itself, an unknown id on its section. One sweep
 * over both sorted lists, so a bank with thousands of questions and problems stays fast.
 */
export function placeProblems(view: DocumentView, problems: readonly Problem[], lines: LineIndex): void {
  const targets: { target: Placed; range: OffsetRange; order: number }[] = [];
  const add = (target: Placed) => {
    if (target.range) targets.push({ target, range: target.range, order: targets.length });
  };
  const collect = (node: ViewNode) => {
    add(node);
    if (node.type === 'section') node.children.forEach(collect);
    if (node.type === 'list' || node.type === 'facts') node.items.forEach(add);
    if (node.type === 'table') node.rows.forEach(add);
  };
  view.children.forEach(collect);
  // Outer ranges first; of two equal ranges the inner part (collected later) ends on top of the stack.
  targets.sort((a, b) => a.range.start - b.range.start || span(b.range) - span(a.range) || a.order - b.order);

  const sorted = problems.map((problem, order) => ({ problem, order })).sort((a, b) => a.problem.range.start - b.problem.range.start || a.order - b.order);
  const notes = new Map<Problem, ProblemNote>();
  const stack: (typeof targets)[number][] = [];
  let next = 0;
  for (const { problem } of sorted) {
    const offset = problem.range.start;
    while (next < targets.length && targets[next].range.start <= offset) {
      const entry = targets[next++];
      while (stack.length && !contains(stack[stack.length - 1].range, entry.range.start)) stack.pop();
      stack.push(entry);
    }
    while (stack.length && !contains(stack[stack.length - 1].range, offset)) stack.pop();
    const note: ProblemNote = {
      ruleId: problem.ruleId,
      severity: problem.severity,
      label: LABELS[problem.ruleId] ?? problem.ruleId,
      message: problem.message,
      line: lines.positionAt(offset).line,
    };
    notes.set(problem, note);
    (stack.length ? stack[stack.length - 1].target.problems : view.problems).push(note);
  }
  for (const problem of problems) view.allProblems.push(notes.get(problem)!);
}

function contains(range: OffsetRange, offset: number): boolean {
  return range.start <= offset && offset < Math.max(range.end, range.start + 1);
}

function span(range: OffsetRange): number {
  return range.end - range.start;
}
