/** What the server needs from its platform; the Node entry fills it, tests can fill it with fakes. */
export interface RuntimeEnvironment {
  /** Reads a file by absolute path; undefined when it does not exist or cannot be read. */
  readFile(path: string): Promise<string | undefined>;
  /** Base URI of the rule documentation pages (`<base>/<rule-id>.md`). */
  ruleDocsBase: string;
  timer: {
    setTimeout(callback: () => void, ms: number): { dispose(): void };
  };
}
