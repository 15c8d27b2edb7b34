import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { LintConfig } from '../core/config';
import type { Problem } from '../core/problem';
import { fnv1a } from '../core/text/fnv1a';
import type { CheckedFile } from '../core/workspace/workspaceChecker';
import type { IndexCacheLike } from '../runtime';
import { removeStale, writeWhole } from './cacheFiles';
import { optionValue } from './commandLine';

/**
 * The whole-file checks of a workspace's closed files, kept between sessions in the editor's storage for that
 * workspace. Reading a large workspace is mostly parsing YAML; a file whose text and config are the same as when it
 * was last checked, by this same build, takes its check from here instead. A missing, damaged or foreign file costs
 * only a normal read of the workspace.
 */

type Checked = Omit<CheckedFile, 'text'>;

interface Entry {
  /** SHA-1 of the file's text: the text itself is not kept. */
  hash: string;
  /** The config the file was checked with, as JSON. */
  config: string;
  checked: Checked;
}

/** Raised when the layout of the kept checks changes, so older files are never read as newer ones. */
const FORMAT = 1;

/** A check made in this session, whose text is hashed when it is written: not while the workspace is being read. */
interface Unhashed {
  text: string;
  config: string;
  checked: Checked;
}

export class IndexCache implements IndexCacheLike {
  private entries: Promise<Map<string, Entry>> | undefined;
  /** What this session found unchanged or checked: what the next session will find. */
  private readonly seen = new Map<string, Entry | Unhashed>();

  /** `file`: see indexCacheFile. */
  constructor(private readonly file: string) {}

  async get(uri: string, text: string, config: LintConfig): Promise<Checked | undefined> {
    const entry = (await this.load()).get(uri);
    if (!entry || entry.config !== JSON.stringify(config) || entry.hash !== sha1(text)) return undefined;
    this.seen.set(uri, entry);
    return entry.checked;
  }

  async size(): Promise<number> {
    return (await this.load()).size;
  }

  put(uri: string, text: string, config: LintConfig, checked: CheckedFile): void {
    const { text: _text, ...kept } = checked;
    this.seen.set(uri, { text, config: JSON.stringify(config), checked: kept });
  }

  /** Writes what this session saw (see cacheFiles.ts); a folder that cannot be written costs only the keeping. */
  async save(): Promise<void> {
    // The checks read at start that no file took are of files gone since: not held any longer.
    this.entries = undefined;
    try {
      for (const [uri, entry] of this.seen) if ('text' in entry) this.seen.set(uri, { hash: sha1(entry.text), config: entry.config, checked: entry.checked });
      writeWhole(this.file, serialize({ format: FORMAT, entries: [...this.seen] }));
      // Files of other builds would never be read again.
      const name = path.basename(this.file);
      removeStale(path.dirname(this.file), (other) => other.startsWith('index-') && other !== name);
    } catch {
      // Kept for no later session: each will read the workspace afresh.
    }
  }

  private load(): Promise<Map<string, Entry>> {
    this.entries ??= readFile(this.file).then(
      (bytes) => readEntries(bytes),
      () => new Map(),
    );
    return this.entries;
  }
}

/** The kept checks in a file's bytes; none when the bytes are not what `save` writes. */
function readEntries(bytes: Buffer): Map<string, Entry> {
  try {
    const data = deserialize(bytes) as { format?: unknown; entries?: unknown };
    if (data?.format !== FORMAT || !Array.isArray(data.entries)) return new Map();
    const entries = new Map<string, Entry>();
    for (const item of data.entries as unknown[]) {
      if (!Array.isArray(item) || typeof item[0] !== 'string') continue;
      const entry = item[1] as Partial<Entry> | undefined;
      if (typeof entry?.hash !== 'string' || typeof entry.config !== 'string' || !isChecked(entry.checked)) continue;
      entries.set(item[0], entry as Entry);
    }
    return entries;
  } catch {
    return new Map();
  }
}

/**
 * Whether a kept check has the shape the checker reads. The file's name already ties it to this build, so a wrong
 * shape means damage; checked here so it costs a fresh check, not a failure later.
 */
function isChecked(value: unknown): value is Checked {
  const checked = value as Partial<Checked> | undefined;
  if (typeof checked !== 'object' || checked === null) return false;
  const { summary, layout } = checked;
  return (
    isProblemList(checked.validation) &&
    isProblemList(checked.lint) &&
    checked.lineStarts instanceof Int32Array &&
    typeof summary === 'object' &&
    summary !== null &&
    Array.isArray(summary.questions) &&
    summary.questions.every((question) => typeof question === 'object' && question !== null) &&
    Array.isArray(summary.directives) &&
    (layout === undefined || (typeof layout === 'object' && layout !== null && Array.isArray(layout.starts) && Array.isArray(layout.inQuestion)))
  );
}

function isProblemList(value: unknown): boolean {
  return (
    Array.isArray(value) &&
    value.every((problem: Partial<Problem> | null) => {
      const range = problem?.range;
      return typeof problem?.ruleId === 'string' && typeof problem.message === 'string' && typeof range?.start === 'number' && typeof range.end === 'number';
    })
  );
}

/**
 * The cache file for a server bundle: its name carries the bundle's size and modification time, so another build,
 * whose checks may differ, starts afresh.
 */
export function indexCacheFile(folder: string, bundle: { size: number; mtimeMs: number }): string {
  return path.join(folder, `index-${fnv1a(`${FORMAT}:${bundle.size}:${Math.round(bundle.mtimeMs)}`).toString(36)}.v8`);
}

/** The value of `--index-cache=<folder>` among the process's arguments. */
export function indexCacheFolder(argv: readonly string[]): string | undefined {
  return optionValue(argv, 'index-cache');
}

function sha1(text: string): string {
  // Loaded here, not at start: only a server that keeps checks between sessions hashes anything.
  const { createHash } = require('node:crypto') as typeof import('node:crypto');
  return createHash('sha1').update(text).digest('base64');
}
