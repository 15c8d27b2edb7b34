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

export const KNOWN_ISSUES: KnownIssue[] = [];

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
