// The two servers under test: how each is started and configured, the way its VS Code extension does it.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { SERVER_NODE_OPTIONS, spawnEnvironment } from '../../common/serverProcess';
import type { InitializationOptions } from '../../common/settings';
import { LspDriver, type ConfigurationResponder } from './lspDriver';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const OUR_SERVER = path.join(REPO_ROOT, 'dist', 'server.js');
export const OUR_CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const PEER_ROOT = path.join(REPO_ROOT, 'node_modules', 'yaml-language-server');
const PEER_WRAPPER = path.join(__dirname, 'peerServer.cjs');
const COMPETENCY_SCHEMA = pathToFileURL(path.join(REPO_ROOT, 'schemas', 'competency.schema.json')).toString();

export type LintRun = 'onSave' | 'onType';

export interface ServerSpec {
  /** Short label for tables. */
  label: string;
  kind: 'ours' | 'peer';
  /** Ours only: when the lint rules run. */
  lintRun?: LintRun;
  languageId: string;
  start(): LspDriver;
  /** What the extension sends with `initialize` for a workspace folder. */
  initializationOptions?(rootUri: string | null): unknown;
  /** Sends what the extension sends after `initialized` and waits until the server has taken its settings. */
  configure(driver: LspDriver, timeoutMs: number): Promise<void>;
}

export function ourVersion(): string {
  return (JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

export function peerVersion(): string {
  return (JSON.parse(readFileSync(path.join(PEER_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

/** Our settings as the extension's client would answer them; `delay` undefined leaves the shipped default. */
export function ourSettings(lintRun: LintRun, delay: number | undefined): Record<string, unknown> {
  return { lint: { run: lintRun, rules: {} }, validate: { ...(delay === undefined ? {} : { delay }), maxFileSize: 8 } };
}

/**
 * Our server as the extension starts it. `codeCache` is the folder for V8's code cache, which the extension keeps
 * in its global storage (see server/src/node/codeCache.ts); `indexCache` the folder for the checks of a workspace's
 * closed files, which it keeps in the workspace's storage (server/src/node/indexCache.ts). The benchmark gives both
 * folders of the run's own.
 */
export function ours(lintRun: LintRun, options: { delay?: number; label?: string; codeCache?: string; indexCache?: string } = { delay: 0 }): ServerSpec {
  const settings = ourSettings(lintRun, options.delay);
  const cacheArgs = [...(options.codeCache ? [`--code-cache=${options.codeCache}`] : []), ...(options.indexCache ? [`--index-cache=${options.indexCache}`] : [])];
  const respond: ConfigurationResponder = (section) => (section === 'competencyGuides' ? settings : null);
  return {
    label: options.label ?? `ours (${lintRun})`,
    kind: 'ours',
    lintRun,
    languageId: 'competency-yaml',
    start: () =>
      new LspDriver({ command: process.execPath, args: [...SERVER_NODE_OPTIONS, OUR_SERVER, '--stdio', ...cacheArgs], env: spawnEnvironment(process.env) }, respond),
    // As the extension does: each folder's settings, so reading the workspace need not ask for them first.
    initializationOptions: (rootUri) => ({ folderSettings: rootUri ? [{ uri: rootUri, settings }] : [] }) satisfies InitializationOptions,
    // Our server pulls its settings per file when it first checks one: nothing to wait for here.
    configure: async () => undefined,
  };
}

/**
 * The `yaml` settings vscode-yaml sends, with our schema mapped to competency files. The schema store and the
 * Kubernetes CRD store are off: they would be fetched over the network, which the benchmark must not use.
 */
export function peerYamlSettings(): Record<string, unknown> {
  return {
    schemas: { [COMPETENCY_SCHEMA]: ['*.competency.yaml', '*.competency.yml'] },
    validate: true,
    completion: true,
    hover: true,
    hoverAnchor: true,
    format: { enable: false },
    customTags: [],
    maxItemsComputed: 5000,
    disableAdditionalProperties: false,
    schemaStore: { enable: false, url: '' },
    kubernetesCRDStore: { enable: false, url: '' },
    yamlVersion: '1.2',
    keyOrdering: false,
    suggest: { parentSkeletonSelectedFirst: false },
    style: { flowMapping: 'allow', flowSequence: 'allow' },
  };
}

/** The peer with its hard-coded validation delay set to `delayMs` (0 to time its work; 200 is what it ships with). */
export function peer(delayMs = 0): ServerSpec {
  const yaml = peerYamlSettings();
  const respond: ConfigurationResponder = (section) => {
    if (section === 'yaml') return yaml;
    if (section === 'http') return { proxy: '', proxyStrictSSL: false };
    if (section === '[yaml]') return { 'editor.tabSize': 2, 'editor.insertSpaces': true };
    if (section === 'editor') return { tabSize: 4, detectIndentation: true };
    return null;
  };
  return {
    label: delayMs === 0 ? 'yaml-language-server' : `yaml-language-server (${delayMs} ms delay)`,
    kind: 'peer',
    languageId: 'yaml',
    start: () =>
      new LspDriver(
        { command: process.execPath, args: [PEER_WRAPPER, '--stdio'], env: { ...process.env, BENCH_PEER_VALIDATION_DELAY: String(delayMs) } },
        respond,
      ),
    async configure(driver, timeoutMs) {
      // vscode-yaml's client sends the `yaml` section on start; the server then pulls it (once on `initialized`
      // too). Opening a file before the schema mapping is in place would validate it without the schema.
      await driver.didChangeConfiguration({ yaml });
      await driver.waitForConfigurationRequest(2, timeoutMs);
    },
  };
}
