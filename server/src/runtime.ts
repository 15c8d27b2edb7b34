import type { LintConfig } from './core/config';
import type { FileKind } from './core/fileKind';
import type { CheckedFile } from './core/workspace/workspaceChecker';

export interface CheckPoolLike {
  check(uri: string, kind: FileKind, text: string, config: LintConfig): Promise<CheckedFile>;
  close(): Promise<void>;
}

export interface IndexCacheLike {
  /** A file's whole check from an earlier session, when its text and its config are the same as then. */
  get(uri: string, text: string, config: LintConfig): Promise<Omit<CheckedFile, 'text'> | undefined>;
  /** How many checks an earlier session kept (none the first time). */
  size(): Promise<number>;
  /** A whole check made in this session, kept for the next. */
  put(uri: string, text: string, config: LintConfig, checked: CheckedFile): void;
  /** Keeps what this session found unchanged or checked; files it did not see are dropped. */
  save(): Promise<void>;
}

/** What the server needs from its platform; the Node entry fills it, tests can fill it with fakes. */
export interface RuntimeEnvironment {
  /** Reads a file by URI; undefined when it does not exist or cannot be read. */
  readFile(uri: string): Promise<string | undefined>;
  /** URIs of every competency and guide file under a folder, skipping dependency and VCS folders. */
  listBankFiles(folderUri: string): Promise<string[]>;
  /** Base URI of the rule documentation pages (`<base>/<rule-id>.md`). */
  ruleDocsBase: string;
  /**
   * Worker threads for whole-file checks, for reading a large workspace; absent where there are none (tests, the
   * browser), and then files are checked in this thread.
   */
  createCheckPool?(): CheckPoolLike;
  /** Whole-file checks kept from earlier sessions (see node/indexCache.ts); absent where nothing is kept. */
  indexCache?: IndexCacheLike;
  timer: {
    setTimeout(callback: () => void, ms: number): { dispose(): void };
  };
}

/** Below this many files, starting worker threads costs more than it saves: they are checked in this thread. */
export const PARALLEL_FROM = 50;
/** Files read at once when reading a workspace. */
export const READ_BATCH = 64;
