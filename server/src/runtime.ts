/** What the server needs from its platform; the Node entry fills it, tests can fill it with fakes. */
export interface RuntimeEnvironment {
  /** Reads a file by URI; undefined when it does not exist or cannot be read. */
  readFile(uri: string): Promise<string | undefined>;
  /** URIs of every competency and guide file under a folder, skipping dependency and VCS folders. */
  listBankFiles(folderUri: string): Promise<string[]>;
  /** Base URI of the rule documentation pages (`<base>/<rule-id>.md`). */
  ruleDocsBase: string;
  timer: {
    setTimeout(callback: () => void, ms: number): { dispose(): void };
  };
}
