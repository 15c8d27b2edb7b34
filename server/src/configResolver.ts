import { URI, Utils } from 'vscode-uri';
import { CONFIG_FILE_NAME, defaultConfig, parseConfig, type LintConfig } from './core/config';

export interface ResolvedConfig {
  config: LintConfig;
  /** URI of the config file in effect; undefined when none was found and defaults apply. */
  uri?: string;
}

/**
 * Finds the nearest `.competency-lint.yaml` at or above a file's folder. Reads go through `readText`, which prefers
 * the editor's unsaved text, so editing the config re-lints without saving.
 */
export class ConfigResolver {
  private readonly texts = new Map<string, Promise<string | undefined>>();
  private readonly lastGood = new Map<string, LintConfig>();
  /** The config parsed from each file's current text: resolving on every keystroke must not parse it again. */
  private readonly parsed = new Map<string, { text: string; config: LintConfig }>();

  constructor(private readonly readText: (uri: string) => Promise<string | undefined>) {}

  /** What each folder resolves to, while no config text changes: a workspace of a thousand files has a few dozen. */
  private readonly byFolder = new Map<string, Promise<ResolvedConfig>>();

  resolve(fileUri: string): Promise<ResolvedConfig> {
    const folder = Utils.dirname(URI.parse(fileUri));
    const key = folder.toString();
    let resolved = this.byFolder.get(key);
    if (!resolved) {
      resolved = this.resolveFolder(folder);
      this.byFolder.set(key, resolved);
    }
    return resolved;
  }

  private async resolveFolder(start: URI): Promise<ResolvedConfig> {
    let folder = start;
    for (let depth = 0; depth < 64; depth++) {
      const candidate = Utils.joinPath(folder, CONFIG_FILE_NAME).toString();
      const text = await this.read(candidate);
      if (text !== undefined) return { config: this.configFrom(candidate, text), uri: candidate };
      const parent = Utils.dirname(folder);
      if (parent.path === folder.path) break;
      folder = parent;
    }
    return { config: defaultConfig };
  }

  /** Forgets what was read, for one config file or all of them. */
  invalidate(configUri?: string): void {
    if (configUri) this.texts.delete(configUri);
    else this.texts.clear();
    this.byFolder.clear();
  }

  private read(uri: string): Promise<string | undefined> {
    let text = this.texts.get(uri);
    if (!text) {
      text = this.readText(uri);
      this.texts.set(uri, text);
    }
    return text;
  }

  /** A config that no longer parses keeps the last good one in force, as its problems are shown in the file. */
  private configFrom(uri: string, text: string): LintConfig {
    const cached = this.parsed.get(uri);
    if (cached?.text === text) return cached.config;
    const resolved = this.parseFresh(uri, text);
    this.parsed.set(uri, { text, config: resolved });
    return resolved;
  }

  private parseFresh(uri: string, text: string): LintConfig {
    const { config, problems } = parseConfig(text);
    if (problems.some((problem) => problem.ruleId === 'yaml-syntax' && problem.severity === 'error')) {
      return this.lastGood.get(uri) ?? defaultConfig;
    }
    this.lastGood.set(uri, config);
    return config;
  }
}

export function isConfigFile(uri: string): boolean {
  return URI.parse(uri).path.endsWith(`/${CONFIG_FILE_NAME}`);
}
