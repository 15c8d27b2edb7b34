/**
 * The fuzz run: mutated example and fixture files sent as edits to one long-lived bundled server over stdio, with
 * requests after each edit, and a sample run through the CLI. Used by test/fuzz/fuzz.test.ts (a bounded run),
 * scripts/fuzz.ts (`npm run fuzz -- --cases N --seed S`) and, to replay what failed, test/fuzz/regressions.test.ts.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import {
  FuzzServer,
  REPO_ROOT,
  answerProblems,
  exportRunProblems,
  fileUri,
  isInvalidYaml,
  lineLengths,
  lintRunProblems,
  publishProblems,
  runCli,
  type Kind,
  type LintedFileJson,
  type Timed,
} from './harness';
import { knownIssuesOf } from './knownIssues';
import { Rng, caseSeed, mutate, toBytes, type Scale } from './mutate';

export const REPRODUCERS = path.join(REPO_ROOT, 'test', 'fuzz', 'reproducers');

export type LintMode = 'onType' | 'onSave';

export function settingsFor(mode: LintMode): Record<string, unknown> {
  return { lint: { run: mode }, validate: { delay: 0 } };
}

/** The run switches between onType and onSave after this many cases (the settings change re-lints every file). */
const MODE_PERIOD = 250;
const SLOW = /^[\w/]+: took \d+ ms, over \d+ ms$/;

export interface CorpusFile {
  name: string;
  kind: Kind;
  text: string;
}

/** The examples and the test fixtures: every competency and guide file the repository has. */
export function loadCorpus(): CorpusFile[] {
  const files: CorpusFile[] = [];
  const visit = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) visit(full);
      else if (/\.(competency|guide)\.ya?ml$/.test(name)) {
        files.push({ name: path.relative(REPO_ROOT, full).split(path.sep).join('/'), kind: /\.guide\./.test(name) ? 'guide' : 'competency', text: readFileSync(full, 'utf8') });
      }
    }
  };
  visit(path.join(REPO_ROOT, 'examples'));
  visit(path.join(REPO_ROOT, 'test', 'fixtures'));
  return files;
}

/** A workspace folder with the clean examples, so guides resolve their references and cross-file rules have company. */
export function makeWorkspace(prefix: string): { root: string; bank: string } {
  const root = mkdtempSync(path.join(tmpdir(), prefix));
  const bank = path.join(root, 'bank');
  mkdirSync(bank);
  for (const name of readdirSync(path.join(REPO_ROOT, 'examples'))) {
    if (/\.ya?ml$/.test(name)) cpSync(path.join(REPO_ROOT, 'examples', name), path.join(bank, name));
  }
  return { root, bank };
}

/** The text of one case, from the seed and its number alone. */
export function generateCase(corpus: readonly CorpusFile[], seed: number, index: number, scale: Scale = 'full') {
  const rng = new Rng(caseSeed(seed, index));
  const source = rng.pick(corpus);
  // Now and then a competency's text in a guide file and the other way round.
  const kind: Kind = rng.chance(0.92) ? source.kind : source.kind === 'guide' ? 'competency' : 'guide';
  const { text, applied } = mutate(source.text, rng, scale);
  return { rng, source, kind, text, applied };
}

// ---------------------------------------------------------------------------------------------------------------
// Requests.

export const REQUESTS = [
  'textDocument/completion',
  'textDocument/hover',
  'textDocument/documentSymbol',
  'textDocument/codeAction',
  'competencyGuides/renderGuide',
  'textDocument/foldingRange',
] as const;

/** Requests some cases add, so every feature sees fuzzed text now and then. */
export const EXTRA_REQUESTS = [
  'textDocument/selectionRange',
  'textDocument/codeLens',
  'textDocument/definition',
  'textDocument/references',
  'textDocument/prepareRename',
  'textDocument/rename',
  'fixAll',
] as const;

export type Method = (typeof REQUESTS)[number] | (typeof EXTRA_REQUESTS)[number];

/** A position in the text, mostly on a line and sometimes just past it (a client may lag a keystroke behind). */
function randomPosition(text: string, rng: Rng): { line: number; character: number } {
  const lengths = lineLengths(text);
  const line = rng.chance(0.97) ? rng.int(lengths.length) : lengths.length + rng.int(3);
  const length = lengths[line] ?? 0;
  const character = rng.chance(0.95) ? rng.int(length + 1) : length + rng.between(1, 5);
  return { line, character };
}

function paramsFor(method: Method, uri: string, text: string, diagnostics: readonly Diagnostic[], rng: Rng): { wire: string; params: unknown } {
  const textDocument = { uri };
  const position = randomPosition(text, rng);
  switch (method) {
    case 'textDocument/completion':
      return { wire: method, params: { textDocument, position, context: rng.chance(0.3) ? { triggerKind: 2, triggerCharacter: rng.pick([' ', '[', ',']) } : { triggerKind: 1 } } };
    case 'textDocument/codeAction': {
      // The whole document, with the diagnostics just published: every quick fix the file has.
      const lengths = lineLengths(text);
      const end = { line: lengths.length - 1, character: lengths[lengths.length - 1] };
      return { wire: method, params: { textDocument, range: { start: { line: 0, character: 0 }, end }, context: { diagnostics } } };
    }
    case 'fixAll':
      return {
        wire: 'textDocument/codeAction',
        params: { textDocument, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: ['source.fixAll.competencyGuides'] } },
      };
    case 'competencyGuides/renderGuide':
      return { wire: method, params: { uri } };
    case 'textDocument/documentSymbol':
    case 'textDocument/foldingRange':
    case 'textDocument/codeLens':
      return { wire: method, params: { textDocument } };
    case 'textDocument/selectionRange':
      return { wire: method, params: { textDocument, positions: [position, randomPosition(text, rng)] } };
    case 'textDocument/references':
      return { wire: method, params: { textDocument, position, context: { includeDeclaration: rng.chance(0.5) } } };
    case 'textDocument/rename':
      return { wire: method, params: { textDocument, position, newName: rng.pick(['renamed-id', 'Bad Name', '', 'x', 'service-orientation']) } };
    default:
      return { wire: method, params: { textDocument, position } };
  }
}

export interface ExerciseOptions {
  slowMs: number;
  hangMs: number;
  methods: readonly Method[];
  /** Texts of other files, for related locations (undefined: not checked). */
  texts: (uri: string) => string | undefined;
  slowest?: Record<string, number>;
  total?: Record<string, number>;
}

/** Checks one document version on a server: its publish, then the requests. Returns what went wrong. */
export async function exerciseDocument(server: FuzzServer, uri: string, text: string, version: number, rng: Rng, options: ExerciseOptions): Promise<{ problems: string[]; hung: boolean }> {
  const problems: string[] = [];
  const note = (what: string, timed: Timed<unknown>) => {
    if (options.slowest) options.slowest[what] = Math.max(options.slowest[what] ?? 0, timed.ms);
    if (options.total) options.total[what] = (options.total[what] ?? 0) + timed.ms;
    if (timed.hung) problems.push(`${what}: ${timed.error} (hang)`);
    else if (timed.ms > options.slowMs) problems.push(`${what}: took ${Math.round(timed.ms)} ms, over ${options.slowMs} ms`);
  };
  const published = await server.waitForPublish(uri, version, options.hangMs);
  note('publish', published);
  if (published.hung) return { problems, hung: true };
  problems.push(...publishProblems(text, published.result!, (other) => (other === uri ? text : options.texts(other))));

  for (const method of options.methods) {
    const { wire, params } = paramsFor(method, uri, text, published.result!, rng);
    const answer = await server.request<unknown>(wire, params, options.hangMs);
    note(method, answer);
    if (answer.hung) return { problems, hung: true };
    // Rename and prepareRename refuse with an error message by design; any other error is a failure.
    if (answer.error !== undefined && method !== 'textDocument/rename' && method !== 'textDocument/prepareRename') problems.push(`${method} failed: ${answer.error}`);
    if (answer.error === undefined) problems.push(...answerProblems(wire, text, uri, answer.result).map((p) => `${method}: ${p}`));
  }
  return { problems, hung: false };
}

/** What the server logged, wrote to stderr or how it died since a mark: every line of it is a failure. */
function serverTrouble(server: FuzzServer, mark: { stderr: number; logged: number }): string[] {
  const problems: string[] = [];
  const stderr = server.stderr.slice(mark.stderr).join('');
  if (stderr.trim()) problems.push(`server stderr: ${stderr.slice(0, 3000)}`);
  for (const message of server.loggedErrors.slice(mark.logged)) problems.push(`server logged an error: ${message.slice(0, 3000)}`);
  if (server.exit) problems.push(`server exited: ${JSON.stringify(server.exit)}`);
  return problems;
}

// ---------------------------------------------------------------------------------------------------------------
// Reproducers.

/** What a reproducer's JSON sidecar holds: the exact text (lone surrogates and all) and how the server got there. */
export interface ReproducerRecord {
  seed: number;
  case: number;
  kind: Kind;
  source: string;
  mutations: string[];
  problems: string[];
  /** The lint mode of the server when it failed. */
  mode?: LintMode;
  /** How many cases before this one the settings changed (the server re-lints every file then); none yet: absent. */
  sinceSwitch?: number;
  text: string;
  /** The document's state before the failing edit: the text last linted (opened or saved) and the one just before. */
  history?: { linted?: string; previous?: string };
}

export interface CaseFailure {
  record: ReproducerRecord;
  /** Ids of the known issues (knownIssues.ts) all of its problems belong to; undefined when something is new. */
  known?: string[];
  reproducer?: string;
}

/** Writes `<seed>-<case>.<kind>.yaml` (the bytes, invalid UTF-8 included) and its `.json` sidecar; merges problems. */
export function writeReproducer(dir: string, record: ReproducerRecord): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${record.seed}-${record.case}.${record.kind}.yaml`);
  const sidecar = `${file}.json`;
  let merged = record;
  if (existsSync(sidecar)) {
    const previous = JSON.parse(readFileSync(sidecar, 'utf8')) as ReproducerRecord;
    merged = { ...previous, ...record, problems: [...previous.problems, ...record.problems.filter((p) => !previous.problems.includes(p))], history: record.history ?? previous.history, mode: record.mode ?? previous.mode };
  }
  writeFileSync(file, toBytes(record.text));
  writeFileSync(sidecar, `${JSON.stringify(merged, null, 2)}\n`);
  return file;
}

export function readReproducers(dir = REPRODUCERS): { file: string; record: ReproducerRecord }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => /\.(competency|guide)\.yaml$/.test(name))
    .sort()
    .map((name) => {
      const file = path.join(dir, name);
      const sidecar = `${file}.json`;
      const bytes = readFileSync(file);
      const fallback: ReproducerRecord = { seed: 0, case: 0, kind: /\.guide\./.test(name) ? 'guide' : 'competency', source: name, mutations: [], problems: [], text: bytes.toString('utf8') };
      const record = existsSync(sidecar) ? { ...fallback, ...(JSON.parse(readFileSync(sidecar, 'utf8')) as ReproducerRecord) } : fallback;
      return { file, record };
    });
}

// ---------------------------------------------------------------------------------------------------------------
// The run.

export interface FuzzOptions {
  seed: number;
  cases: number;
  /** How big long lines and deep nesting get (`full` by default). */
  scale?: Scale;
  /** How many of the six requests each case sends (chosen at random); all six by default. */
  requestsPerCase?: number;
  /** Every how many cases one goes through the CLI too (0: none). */
  cliEvery?: number;
  /** Every how many CLI cases one is exported too. */
  exportEvery?: number;
  /** A request or publish slower than this is a failure. */
  slowMs?: number;
  /** After this long without an answer the server is deemed hung, and a new one is started. */
  hangMs?: number;
  /** Where failing cases are written; undefined: nowhere. Known issues only with `writeKnown`. */
  reproducerDir?: string;
  writeKnown?: boolean;
  log?: (line: string) => void;
  /** Logs every edit and publish, to follow a failure that depends on what came before. */
  trace?: (line: string) => void;
}

export interface FuzzReport {
  cases: number;
  failures: CaseFailure[];
  /** The slowest answer per request (and `publish`), in ms. */
  slowest: Record<string, number>;
  /** The time spent waiting per request (and `publish`), in ms. */
  total: Record<string, number>;
  mutations: Record<string, number>;
  invalidCases: number;
  cliFiles: number;
  exports: number;
  serverRestarts: number;
  /** Cases sent again because they were slow (and then were not, or the failure stands). */
  retries: number;
  ms: number;
  /** CPU time of the servers and of this process: on an idle machine the run takes about their sum. */
  serverCpuMs: number;
  clientCpuMs: number;
}

export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const log = options.log ?? (() => undefined);
  const slowMs = options.slowMs ?? 1000;
  const hangMs = options.hangMs ?? 10_000;
  const cliEvery = options.cliEvery ?? 25;
  const exportEvery = options.exportEvery ?? 3;
  const scale = options.scale ?? 'full';
  const corpus = loadCorpus();
  const { root, bank } = makeWorkspace('cg-fuzz-');
  const cliFolder = path.join(root, 'cli');
  mkdirSync(cliFolder);

  const report: FuzzReport = { cases: 0, failures: [], slowest: {}, total: {}, mutations: {}, invalidCases: 0, cliFiles: 0, exports: 0, serverRestarts: 0, retries: 0, ms: 0, serverCpuMs: 0, clientCpuMs: 0 };
  const slots: Record<Kind, string[]> = {
    competency: [fileUri(path.join(bank, 'fuzz-a.competency.yaml')), fileUri(path.join(bank, 'fuzz-b.competency.yaml'))],
    guide: [fileUri(path.join(bank, 'fuzz-c.guide.yaml')), fileUri(path.join(bank, 'fuzz-d.guide.yaml'))],
  };
  /** The text of each recent version of the open documents (a publish names one), and of the files on disk. */
  const versions = new Map<string, Map<number, string>>();
  const history = new Map<string, { linted?: string; previous?: string }>();
  const onDisk = new Map<string, string>();
  for (const name of readdirSync(bank)) onDisk.set(fileUri(path.join(bank, name)), readFileSync(path.join(bank, name), 'utf8'));
  // Related locations in other files are checked only against files on disk: an open file's saved state (what
  // onSave mode indexes) is not the text of its latest version.
  const diskText = (uri: string) => onDisk.get(uri);

  /** Problems with any publish as it arrives (every file, not only the one the case edits). */
  let stray: string[] = [];
  const onPublish = (params: PublishDiagnosticsParams) => {
    options.trace?.(`  publish ${path.basename(params.uri)} v${params.version ?? '-'}: ${params.diagnostics.length} diagnostics`);
    const text = params.version !== undefined && params.version !== null ? versions.get(params.uri)?.get(params.version) : onDisk.get(params.uri);
    if (text === undefined) return;
    const problems = publishProblems(text, params.diagnostics, (other) => (other === params.uri ? text : diskText(other)));
    stray.push(...problems.map((p) => `publish of ${path.basename(params.uri)}${params.version ? ` v${params.version}` : ''}: ${p}`));
  };

  let mode: LintMode = 'onType';
  let server!: FuzzServer;
  const startServer = async () => {
    server = new FuzzServer(settingsFor(mode), onPublish);
    await server.initialize(bank);
    versions.clear();
    history.clear();
  };
  await startServer();

  const fail = (failure: CaseFailure) => {
    failure.known = knownIssuesOf(failure.record.problems, failure.record.text, failure.record.mode, failure.record.sinceSwitch)?.map((issue) => issue.id);
    if (options.reproducerDir && (!failure.known || options.writeKnown)) failure.reproducer = writeReproducer(options.reproducerDir, failure.record);
    report.failures.push(failure);
    const { record } = failure;
    log(
      `${failure.known ? `known (${failure.known.join(', ')})` : 'FAIL'}: seed ${record.seed} case ${record.case} (${record.kind} from ${record.source}; ${record.mutations.join(', ')})` +
        `${failure.reproducer ? `\n  reproducer: ${path.relative(REPO_ROOT, failure.reproducer)}` : ''}\n  ${record.problems.join('\n  ')}`,
    );
  };

  const cliCases: { file: string; record: ReproducerRecord }[] = [];
  let exportQueue = Promise.resolve();
  try {
    for (let index = 0; index < options.cases; index++) {
      const caseStarted = performance.now();
      if (index > 0 && index % MODE_PERIOD === 0) {
        mode = mode === 'onType' ? 'onSave' : 'onType';
        await server.changeSettings(settingsFor(mode));
      }
      const { rng, source, kind, text, applied } = generateCase(corpus, options.seed, index, scale);
      for (const name of applied) report.mutations[name] = (report.mutations[name] ?? 0) + 1;
      if (isInvalidYaml(text)) report.invalidCases++;
      const uri = rng.pick(slots[kind]);
      const mark = { stderr: server.stderr.length, logged: server.loggedErrors.length };
      stray = [];

      let version: number;
      const current = server.version(uri);
      const before = current === undefined ? undefined : history.get(uri);
      let reopened = false;
      if (current === undefined || rng.chance(0.04)) {
        if (current !== undefined) await server.close(uri);
        reopened = true;
        versions.set(uri, new Map([[1, text]]));
        version = await server.open(uri, text, kind);
      } else {
        const recent = versions.get(uri)!;
        recent.set(current + 1, text);
        // Keep the last few versions: a late publish may still name one.
        for (const old of [...recent.keys()]) if (old < current - 3) recent.delete(old);
        version = await server.change(uri, text);
      }
      const saved = !reopened && rng.chance(0.1);
      if (saved) await server.save(uri);
      history.set(uri, { linted: reopened || saved || mode === 'onType' ? text : before?.linted, previous: text });

      options.trace?.(`case ${index}: ${path.basename(uri)} v${version}${saved ? ' saved' : ''} (${applied.join(', ')}), ${lineLengths(text).length} lines`);
      const methods: Method[] = [...REQUESTS];
      while (methods.length > (options.requestsPerCase ?? REQUESTS.length)) methods.splice(rng.int(methods.length), 1);
      if (rng.chance(0.3)) for (let i = rng.between(1, 3); i > 0; i--) methods.push(rng.pick(EXTRA_REQUESTS));
      const exercise = { slowMs, hangMs, methods, texts: diskText, slowest: report.slowest, total: report.total };
      let { problems, hung } = await exerciseDocument(server, uri, text, version, rng.fork(), exercise);
      // Slowness must be seen twice: once may be the machine, busy with something else.
      if (!hung && problems.length && problems.every((p) => SLOW.test(p)) && !stray.length && server.alive) {
        report.retries++;
        const again = versions.get(uri)!;
        again.set(version + 1, text);
        version = await server.change(uri, text);
        ({ problems, hung } = await exerciseDocument(server, uri, text, version, rng.fork(), exercise));
      }
      const record: ReproducerRecord = {
        seed: options.seed,
        case: index,
        kind,
        source: source.name,
        mutations: applied,
        problems: [...problems, ...stray, ...serverTrouble(server, mark)],
        mode,
        sinceSwitch: index >= MODE_PERIOD ? index % MODE_PERIOD : undefined,
        text,
        history: reopened ? undefined : before,
      };
      if (record.problems.length) fail({ record });
      if (hung || !server.alive) {
        report.serverCpuMs += server.cpuMs();
        await server.dispose();
        report.serverRestarts++;
        await startServer();
      }

      if (cliEvery > 0 && index % cliEvery === 0) {
        const file = path.join(cliFolder, `${options.seed}-${index}.${kind}.yaml`);
        writeFileSync(file, toBytes(text));
        const cliRecord: ReproducerRecord = { ...record, problems: [], mode: undefined, sinceSwitch: undefined, history: undefined };
        cliCases.push({ file, record: cliRecord });
        if ((cliCases.length - 1) % exportEvery === 0) {
          const args = ['export', path.basename(file), ...(rng.chance(0.5) ? ['--format', 'md'] : [])];
          // Exports run beside the server's cases; one at a time, on a 2-core machine.
          exportQueue = exportQueue.then(async () => {
            const problems = exportRunProblems(await runCli(args, cliFolder, { timeoutMs: 15_000 })).map((p) => `cli ${args.join(' ')}: ${p}`);
            report.exports++;
            if (problems.length) fail({ record: { ...cliRecord, problems } });
          });
        }
      }
      report.cases++;
      options.trace?.(`done ${index} ${Math.round(performance.now() - caseStarted)} ms ${text.length} chars ${applied.join(',')}`);
      if ((index + 1) % 500 === 0) log(`${index + 1} cases, ${report.failures.length} failing, ${Math.round((performance.now() - started) / 1000)} s`);
    }
    await exportQueue;
    report.cliFiles = cliCases.length;
    if (cliCases.length) {
      for (const { entry, problems } of await lintCliCases(cliFolder, cliCases)) fail({ record: { ...entry.record, problems } });
    }
  } finally {
    report.serverCpuMs += server.cpuMs();
    await server.dispose();
    rmSync(root, { recursive: true, force: true });
  }
  report.ms = performance.now() - started;
  const cpu = process.cpuUsage(cpuStarted);
  report.clientCpuMs = (cpu.user + cpu.system) / 1000;
  return report;
}

// ---------------------------------------------------------------------------------------------------------------
// The CLI.

/**
 * Lints the sampled cases together (`--format json`), then with `--fix` on a copy. A run that fails as a whole is
 * narrowed down by halves to the files that make it fail (lint reads the whole folder, so each half gets its own).
 */
export async function lintCliCases<T extends { file: string }>(folder: string, cases: readonly T[], timeoutMs = 30_000): Promise<{ entry: T; problems: string[] }[]> {
  const failures: { entry: T; problems: string[] }[] = [];
  const run = await runCli(['lint', '--format', 'json'], folder, { timeoutMs });
  let whole = lintRunProblems(run);
  let linted: LintedFileJson[] | undefined;
  if (!whole.length) {
    try {
      linted = JSON.parse(run.stdout) as LintedFileJson[];
    } catch {
      whole = [`lint --format json printed no JSON: ${run.stdout.slice(0, 300)}`];
    }
  }
  if (linted) {
    for (const entry of cases) {
      const found = linted.find((file) => file.filePath === path.basename(entry.file));
      const problems = found ? lintedFileProblems(readFileSync(entry.file).toString('utf8'), found) : ['lint did not report the file'];
      if (problems.length) failures.push({ entry, problems: problems.map((p) => `cli lint: ${p}`) });
    }
  } else if (cases.length === 1) {
    failures.push({ entry: cases[0], problems: whole.map((p) => `cli lint: ${p}`) });
  } else {
    failures.push(...(await narrowDown(cases, ['lint', '--format', 'json'], 'cli lint', timeoutMs)));
  }
  const fixFolder = copyCases(cases);
  try {
    const fixProblems = lintRunProblems(await runCli(['lint', '--fix', '--format', 'json'], fixFolder, { timeoutMs }));
    if (fixProblems.length && cases.length === 1) failures.push({ entry: cases[0], problems: fixProblems.map((p) => `cli lint --fix: ${p}`) });
    else if (fixProblems.length) failures.push(...(await narrowDown(cases, ['lint', '--fix'], 'cli lint --fix', timeoutMs)));
  } finally {
    rmSync(fixFolder, { recursive: true, force: true });
  }
  return failures;
}

function copyCases(cases: readonly { file: string }[]): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'cg-fuzz-cli-'));
  for (const entry of cases) cpSync(entry.file, path.join(folder, path.basename(entry.file)));
  return folder;
}

async function narrowDown<T extends { file: string }>(cases: readonly T[], args: string[], what: string, timeoutMs: number): Promise<{ entry: T; problems: string[] }[]> {
  const folder = copyCases(cases);
  try {
    const problems = lintRunProblems(await runCli(args, folder, { timeoutMs }));
    if (!problems.length) return [];
    if (cases.length === 1) return [{ entry: cases[0], problems: problems.map((p) => `${what}: ${p}`) }];
    const half = Math.ceil(cases.length / 2);
    return [...(await narrowDown(cases.slice(0, half), args, what, timeoutMs)), ...(await narrowDown(cases.slice(half), args, what, timeoutMs))];
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** The CLI's problems for a file (1-based lines and columns) fit the file, and an invalid file has at least one. */
export function lintedFileProblems(text: string, linted: LintedFileJson): string[] {
  const lengths = lineLengths(text);
  const problems: string[] = [];
  const outside = (line: number, column: number) => !(line >= 1 && line <= lengths.length && column >= 1 && column <= lengths[line - 1] + 1);
  for (const [i, p] of (linted.problems ?? []).entries()) {
    if (outside(p.line, p.column) || outside(p.endLine, p.endColumn)) problems.push(`problem ${i} (${p.ruleId}) at ${p.line}:${p.column}-${p.endLine}:${p.endColumn} is outside the file`);
  }
  if (!(linted.problems ?? []).length && isInvalidYaml(text)) problems.push('the file is not valid YAML but lint reported no problem');
  return problems;
}

// ---------------------------------------------------------------------------------------------------------------
// Replaying a reproducer.

/**
 * Servers for replays, one per lint mode, each started in its mode and never switched: a settings change re-lints
 * every file and would hide what a stale state does. A server that hung or died is replaced on the next `get`.
 */
export class ReplayServers {
  private readonly servers = new Map<LintMode, FuzzServer>();

  constructor(private readonly bank: string) {}

  async get(mode: LintMode): Promise<FuzzServer> {
    let server = this.servers.get(mode);
    if (!server || !server.alive) {
      await server?.dispose();
      server = new FuzzServer(settingsFor(mode));
      await server.initialize(this.bank);
      this.servers.set(mode, server);
    }
    return server;
  }

  async recycle(mode: LintMode): Promise<void> {
    await this.servers.get(mode)?.dispose();
    this.servers.delete(mode);
  }

  async dispose(): Promise<void> {
    for (const server of this.servers.values()) await server.dispose();
    this.servers.clear();
  }
}

/**
 * Replays one reproducer through the server: opened on its own with every request (onType), then, when it has a
 * history, as the edit that failed, in the lint mode it failed in. Each problem names its step.
 */
export async function replayOnServers(servers: ReplayServers, file: string, record: ReproducerRecord, options: { slowMs?: number; hangMs?: number } = {}): Promise<string[]> {
  const problems: string[] = [];
  const exercise = { slowMs: options.slowMs ?? 1000, hangMs: options.hangMs ?? 10_000, methods: [...REQUESTS, ...EXTRA_REQUESTS], texts: () => undefined };
  const step = async (mode: LintMode, what: string, run: (server: FuzzServer, uri: string) => Promise<{ problems: string[]; hung: boolean }>) => {
    for (let attempt = 1; ; attempt++) {
      const server = await servers.get(mode);
      // A URI of its own per step and attempt, so nothing of an earlier one is left in the server's state.
      const uri = fileUri(path.join(path.dirname(file), `${what.replace(/\W+/g, '-')}-${attempt}-${path.basename(file)}`));
      const mark = { stderr: server.stderr.length, logged: server.loggedErrors.length };
      const result = await run(server, uri);
      const found = [...result.problems, ...serverTrouble(server, mark)];
      if (result.hung || !server.alive) await servers.recycle(mode);
      else await server.close(uri);
      // Slowness must be seen twice: once may be a cold server or a busy machine.
      if (attempt === 1 && found.length && found.every((p) => SLOW.test(p))) continue;
      problems.push(...found.map((p) => `${what}: ${p}`));
      return;
    }
  };
  const rng = () => new Rng(caseSeed(record.seed, record.case));

  await step('onType', 'opened', async (server, uri) => {
    const version = await server.open(uri, record.text, record.kind);
    return exerciseDocument(server, uri, record.text, version, rng(), exercise);
  });
  const history = [record.history?.linted, record.history?.previous].filter((text, i, all): text is string => text !== undefined && (i === 0 || text !== all[0]));
  if (history.length) {
    const mode = record.mode ?? 'onType';
    await step(mode, `edited (${mode})`, async (server, uri) => {
      let version = await server.open(uri, history[0], record.kind);
      await server.waitForPublish(uri, version, exercise.hangMs);
      for (const text of history.slice(1)) {
        version = await server.change(uri, text);
        await server.waitForPublish(uri, version, exercise.hangMs);
      }
      version = await server.change(uri, record.text);
      return exerciseDocument(server, uri, record.text, version, rng(), exercise);
    });
  }
  return problems;
}
