/**
 * Failures the fuzzer finds whose fix belongs in files being reworked elsewhere. A failing case whose every problem
 * matches one of these is reported as a known issue (a `todo` in the test output) instead of failing the run; any
 * other failure fails it. When an issue is fixed, delete its entry: its reproducers then must pass.
 */
import { isCollection, isPair, parseAllDocuments, visit } from 'yaml';

/** What a problem is judged with: the case's text, all of its problems, and the server's lint mode. */
export interface CaseContext {
  text: string;
  problems: readonly string[];
  mode?: 'onType' | 'onSave';
}

export interface KnownIssue {
  id: string;
  /** What goes wrong, and where the fix goes. */
  summary: string;
  /** Whether one problem of a failing case is this issue. */
  matches(problem: string, context: CaseContext): boolean;
}

const STACK_OVERFLOW = /Maximum call stack size exceeded/;
/** What a check that threw or a server that died looks like from the outside. */
const AFTERMATH = /no publish for version \d+ within|the server exited|server exited: |server is not running|no answer within/;
const SLOW_OR_HUNG = /took \d+ ms, over|\(hang\)|no answer within|no publish for version/;

/** Whether the text has a mapping key that is itself a list or mapping (`[a]: b`, `? {a: 1}`), at any depth. */
export function hasCollectionKey(text: string): boolean {
  let found = false;
  try {
    for (const document of parseAllDocuments(text)) {
      visit(document, {
        Pair(_, pair) {
          if (isPair(pair) && isCollection(pair.key)) {
            found = true;
            return visit.BREAK;
          }
          return undefined;
        },
      });
      if (found) break;
    }
  } catch {
    // A text the parser cannot even read is some other issue.
  }
  return found;
}

/** How deep `[` and `{` nest at most, counting naively (quotes and comments are not skipped). */
export function maxFlowDepth(text: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 0x5b || ch === 0x7b) max = Math.max(max, ++depth);
    else if ((ch === 0x5d || ch === 0x7d) && depth > 0) depth--;
  }
  return max;
}

function syntaxErrorCount(text: string): number {
  try {
    return parseAllDocuments(text).reduce((sum, document) => sum + document.errors.length, 0);
  } catch {
    return 0;
  }
}

export const KNOWN_ISSUES: KnownIssue[] = [
  {
    id: 'symbols-deep-nesting',
    summary:
      'Document symbols and the preview render of a guide whose values are nested thousands deep do not answer within the ' +
      'limit: they parse with the parse cache of server/src/features, which does not share the nesting limit parseYaml applies.',
    matches: (problem) => /(textDocument\/documentSymbol|competencyGuides\/renderGuide): no answer within/.test(problem),
  },
];

/** The known issues every problem of a failing case belongs to; undefined when one problem is new. */
export function knownIssuesOf(problems: readonly string[], text: string, mode?: 'onType' | 'onSave'): KnownIssue[] | undefined {
  const found = new Set<KnownIssue>();
  for (const problem of problems) {
    // A replay names the step a problem came from, and so the mode it ran in: "opened: …", "edited (onSave): …".
    const step = /^(opened|edited \((onType|onSave)\)): /.exec(problem);
    const bare = step ? problem.slice(step[0].length) : problem;
    const stepMode = step ? (step[1] === 'opened' ? 'onType' : (step[2] as 'onType' | 'onSave')) : mode;
    const issue = KNOWN_ISSUES.find((candidate) => candidate.matches(bare, { text, problems, mode: stepMode }));
    if (!issue) return undefined;
    found.add(issue);
  }
  return [...found];
}
