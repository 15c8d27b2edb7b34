import { parseAllDocuments } from 'yaml';

/**
 * Failures the fuzzer finds whose fix belongs in files being reworked elsewhere. A failing case whose every problem
 * matches one of these is reported as a known issue (a `todo` in the test output) instead of failing the run; any
 * other failure fails it. When an issue is fixed, delete its entry: its reproducers then must pass.
 */

/** What a problem is judged with: the case's text, all of its problems, the server's lint mode, and how many cases ago the settings changed. */
export interface CaseContext {
  text: string;
  problems: readonly string[];
  mode?: 'onType' | 'onSave';
  sinceSwitch?: number;
}

export interface KnownIssue {
  id: string;
  /** What goes wrong, and where the fix goes. */
  summary: string;
  /** Whether one problem of a failing case is this issue. */
  matches(problem: string, context: CaseContext): boolean;
}

const SLOW_OR_HUNG = /took \d+ ms, over|\(hang\)|no answer within|no publish for version|did not finish within/;

function syntaxErrorCount(text: string): number {
  try {
    return parseAllDocuments(text, { prettyErrors: false }).reduce((sum, document) => sum + document.errors.length, 0);
  } catch {
    return 0;
  }
}

export const KNOWN_ISSUES: KnownIssue[] = [
  {
    id: 'slow-parse-token-runs',
    summary:
      'A line of tens of thousands of quotes or brackets (`""""…`) gives one syntax error per pair. The yaml package alone ' +
      'takes about 4 s for 200,000 quotes (100,000 errors), and parseYaml (server/src/core/yamlDocument.ts) builds a problem ' +
      'for every error before keeping the first 100, each clamped to its line by a regular expression scanning to the end ' +
      'of that very long line: quadratic, 29 s in all, every check. Fix: turn only the first MAX_SYNTAX_PROBLEMS errors ' +
      'into problems, take line ends from a line index, and, like the nesting limit, do not parse a file whose pre-scan ' +
      'finds thousands of quotes or flow indicators in a row (one problem instead). Only `npm run fuzz` (full sizes) gets there.',
    matches: (problem, { text }) => SLOW_OR_HUNG.test(problem) && syntaxErrorCount(text) > 5000,
  },
];

/** The known issues every problem of a failing case belongs to; undefined when one problem is new. */
export function knownIssuesOf(problems: readonly string[], text: string, mode?: 'onType' | 'onSave', sinceSwitch?: number): KnownIssue[] | undefined {
  const found = new Set<KnownIssue>();
  for (const problem of problems) {
    // A replay names the step a problem came from, and so the mode it ran in: "opened: …", "edited (onSave): …".
    const step = /^(opened|edited \((onType|onSave)\)): /.exec(problem);
    const bare = step ? problem.slice(step[0].length) : problem;
    const stepMode = step ? (step[1] === 'opened' ? 'onType' : (step[2] as 'onType' | 'onSave')) : mode;
    const issue = KNOWN_ISSUES.find((candidate) => candidate.matches(bare, { text, problems, mode: stepMode, sinceSwitch: step ? undefined : sinceSwitch }));
    if (!issue) return undefined;
    found.add(issue);
  }
  return [...found];
}
