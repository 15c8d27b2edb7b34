// `npm run bench`: generates banks into a temporary folder, drives our bundled server and yaml-language-server over
// stdio with the same files and edits, checks that both report the right problems, and writes docs/benchmarks.md.
//
//   npm run bench [-- --quick] [--sizes 10,100] [--files 1000] [--cap 60] [--out path] [--no-write] [--no-build] [--keep] [--help]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { WrongDiagnostics } from './checks';
import { generateBank, generateWorkspace, type Workspace } from './generate';
import { checkClean, measureCli, measureStartup, measureWorkspace, runSession, type BankFile, type Budget, type SessionPlan, type SessionResult } from './measure';
import { renderReport, STARTS_OF_EMPTY_NODE, type DebounceResults, type Machine, type SizeResults } from './report';
import { median } from './stats';
import { OUR_SERVER, REPO_ROOT, ours as ourServer, ourVersion, peer, peerVersion, type LintRun, type ServerSpec } from './servers';

const FULL: Budget = { capMs: 60_000, typingEdits: 64, typingMs: 30_000, keyPairs: 5, keyMs: 10_000, requests: 40, requestMs: 8_000, renders: 20, renderMs: 10_000 };
const QUICK: Budget = { capMs: 20_000, typingEdits: 16, typingMs: 8_000, keyPairs: 2, keyMs: 4_000, requests: 10, requestMs: 3_000, renders: 6, renderMs: 4_000 };
const EVERYTHING: SessionPlan = { typing: true, keys: true, requests: true, render: false };
/** Lint as you type: when one lint takes longer than this (the open shows it), the key edits are left out. */
const SLOW_LINT_MS = 5_000;
/** … and when it takes longer than this, lint as you type is not measured at all: one edit would cost as much. */
const SKIP_ON_TYPE_MS = 20_000;
const DUPLICATES_OFF = 'rules:\n  duplicate-question: off\n';
/** Starts of each server for the start-up figures (medians). */
const STARTS = 7;

function log(message: string): void {
  process.stderr.write(`[bench ${(performance.now() / 1000).toFixed(0).padStart(4)} s] ${message}\n`);
}

const OPTIONS = {
  quick: { type: 'boolean', default: false },
  sizes: { type: 'string' },
  files: { type: 'string' },
  cap: { type: 'string' },
  out: { type: 'string' },
  'no-write': { type: 'boolean', default: false },
  'no-build': { type: 'boolean', default: false },
  keep: { type: 'boolean', default: false },
  help: { type: 'boolean', default: false },
} as const;

const USAGE = `Usage: npm run bench [-- options]
  --quick       fewer sizes and edits, and docs/benchmarks.md is not written
  --sizes LIST  question counts of the banks, comma-separated (default 10,15,100,1000,5000)
  --files N     files in the generated workspace (default 1000)
  --cap S       seconds any one measurement may take (default 60)
  --out PATH    where the report goes (default docs/benchmarks.md)
  --no-write    print the report only
  --no-build    use dist/ as it is
  --keep        keep the generated banks and print where they are
`;

/** Command-line mistakes: reported with the usage, without a stack. */
class UsageError extends Error {}

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ options: OPTIONS });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values } = parsed;
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const budget: Budget = { ...(values.quick ? QUICK : FULL) };
  if (values.cap) budget.capMs = Number(values.cap) * 1000;
  const sizes = (values.sizes ?? (values.quick ? '10,15,100,1000' : '10,15,100,1000,5000')).split(',').map(Number);
  const workspaceFiles = Number(values.files ?? 1000);
  const write = !values['no-write'] && !values.quick;
  const out = path.resolve(REPO_ROOT, values.out ?? 'docs/benchmarks.md');
  if (sizes.some((n) => !Number.isInteger(n) || n < 10)) throw new UsageError('--sizes takes question counts of 10 or more, comma-separated.');
  if (!Number.isInteger(workspaceFiles) || workspaceFiles < 1) throw new UsageError('--files takes a whole number of files, 1 or more.');
  if (values.cap && !(Number(values.cap) > 0)) throw new UsageError('--cap takes a number of seconds above 0.');

  if (!values['no-build']) {
    log('building dist/');
    const build = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'build.mjs')], { cwd: REPO_ROOT, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('npm run build failed');
  }
  if (!existsSync(OUR_SERVER)) throw new Error(`${OUR_SERVER} is missing: run \`npm run build\`.`);

  const loadBefore = os.loadavg();
  const started = performance.now();
  const temp = mkdtempSync(path.join(os.tmpdir(), 'competency-bench-'));
  try {
    log(`generating banks in ${temp}`);
    // The workspace folder of the per-size sessions holds no bank file: each bank is measured on its own.
    const emptyRoot = path.join(temp, 'root');
    mkdirSync(emptyRoot);
    const rootUri = pathToFileURL(emptyRoot).toString();
    const banks = sizes.map((questions) => {
      const folder = path.join(temp, 'banks', String(questions));
      const write = (name: string, bank: ReturnType<typeof generateBank>): BankFile => {
        mkdirSync(path.join(folder, name), { recursive: true });
        const file = path.join(folder, name, `${name}-${questions}.competency.yaml`);
        writeFileSync(file, bank.text);
        return { path: file, uri: pathToFileURL(file).toString(), bank };
      };
      return {
        questions,
        folder,
        planted: write('planted', generateBank({ questions, plant: true, seed: questions })),
        // Numbered after the planted bank's questions and with its own id: both are open together in one server.
        clean: write('clean', generateBank({ questions, firstNumber: questions, seed: questions + 1, competency: 'Service Recovery' })),
      };
    });
    const workspace: Workspace = generateWorkspace(path.join(temp, 'workspace'), workspaceFiles);

    // Every start of ours below keeps V8's code cache in this folder, as the extension does in its storage: all but
    // the first start of an installed extension find one. The start-up series runs first and writes it.
    const codeCache = path.join(temp, 'code-cache', 'kept');
    const ours = (lintRun: LintRun, options: { delay?: number; label?: string; indexCache?: string } = {}) => ourServer(lintRun, { delay: 0, ...options, codeCache });
    const startupBank = banks.find((b) => b.questions === 15) ?? banks[0];
    const starts = values.quick ? 3 : STARTS;
    log(`start-up, ${startupBank.questions} questions: ${starts} starts of each server`);
    const startup = await measureStartup(startupBank.planted, rootUri, codeCache, budget, starts);
    const workspaceQuestions = workspace.files.reduce((sum, f) => sum + (readFileSync(f.path, 'utf8').match(/^ {2}- id: /gm)?.length ?? 0), 0);

    const results: SizeResults[] = [];
    for (const b of banks) {
      const bytes = Buffer.byteLength(b.planted.bank.text);
      log(`${b.questions} questions (${Math.round(bytes / 1000)} KB): yaml-language-server`);
      const peerResult = await runSession(peer(), b.planted, rootUri, budget, EVERYTHING);
      await checkCleanInto(peerResult, peer(), b.clean);
      log(`${b.questions} questions: ours (onSave)`);
      const onSave = await runSession(ours('onSave'), b.planted, rootUri, budget, { ...EVERYTHING, render: true });
      const size: SizeResults = { questions: b.questions, bytes, peer: peerResult, onSave };
      const runOurs = async (target: { onSave: SessionResult; onType?: SessionResult }) => {
        await checkCleanInto(target.onSave, ours('onSave'), b.clean);
        if ((target.onSave.coldMs ?? 0) > SKIP_ON_TYPE_MS) {
          target.onSave.notes.push(
            `onType not measured: every change would run the lint rules, which took ${Math.round((target.onSave.coldMs ?? 0) / 1000)} s when the file was opened`,
          );
          return;
        }
        log(`${b.questions} questions: ours (onType)`);
        const keys = (target.onSave.coldMs ?? Infinity) < SLOW_LINT_MS;
        target.onType = await runSession(ours('onType'), b.planted, rootUri, budget, { typing: true, keys, requests: false, render: false });
        if (!keys) target.onType.notes.push(`key edits left out: one lint takes about as long as the open (${Math.round((target.onSave.coldMs ?? 0) / 1000)} s)`);
      };
      if (!onSave.timedOut) {
        await runOurs(size);
      } else {
        log(`${b.questions} questions: ours timed out opening the bank; again with duplicate-question off`);
        const config = path.join(b.folder, '.competency-lint.yaml');
        writeFileSync(config, DUPLICATES_OFF);
        try {
          size.fallback = { onSave: await runSession(ours('onSave'), b.planted, rootUri, budget, { ...EVERYTHING, render: true }) };
          if (!size.fallback.onSave.timedOut) await runOurs(size.fallback);
        } finally {
          rmSync(config);
        }
      }
      results.push(size);
    }

    async function checkCleanInto(result: SessionResult, spec: ServerSpec, clean: BankFile): Promise<void> {
      if (result.timedOut) return;
      result.cleanChecked = await checkClean(spec, clean, rootUri, budget.capMs);
      if (!result.cleanChecked) result.notes.push(`clean bank not checked: no diagnostics within ${budget.capMs / 1000} s`);
    }

    // The delays as shipped, on one mid-sized bank: what a person waits for, next to the server's work.
    const debounceBank = banks.find((b) => b.questions === 100) ?? banks[0];
    log(`${debounceBank.questions} questions: validation delays as shipped`);
    const typingOnly = { typing: true, keys: false, requests: false, render: false };
    const few = { ...budget, typingEdits: 16 };
    const peerShipped = await runSession(peer(200), debounceBank.planted, rootUri, few, typingOnly);
    const oursShipped = await runSession(ours('onSave', { delay: undefined, label: 'ours (onSave, default delay)' }), debounceBank.planted, rootUri, few, typingOnly);
    const forDebounce = results.find((s) => s.questions === debounceBank.questions)!;
    const debounce: DebounceResults = {
      questions: debounceBank.questions,
      peerShipped: peerShipped.typing,
      peerZero: forDebounce.peer.typing,
      oursShipped: oursShipped.typing,
      oursZero: forDebounce.onSave.typing,
      peerDelayMs: 200,
      oursDelayMs: 100,
    };

    log(`workspace of ${workspace.files.length} files: our server`);
    // As the extension starts it, with a folder for kept checks: emptied before each first session.
    const indexCache = path.join(temp, 'index-cache');
    const forget = () => rmSync(indexCache, { recursive: true, force: true });
    const workspaceResult = await measureWorkspace(ours('onSave', { indexCache }), workspace, budget.capMs, values.quick ? 1 : 3, forget);
    let workspaceFallback;
    log(`workspace: competency-guides lint`);
    const cli = measureCli(workspace, budget.capMs, values.quick ? 1 : 3, 15_000);
    let cliFallback;
    if (workspaceResult.timedOut || cli.timedOut) {
      const config = path.join(workspace.root, '.competency-lint.yaml');
      writeFileSync(config, DUPLICATES_OFF);
      try {
        if (workspaceResult.timedOut) {
          log('workspace: our server again with duplicate-question off');
          workspaceFallback = await measureWorkspace(ours('onSave'), workspace, budget.capMs, 1);
        }
        if (cli.timedOut) {
          log('workspace: competency-guides lint again with duplicate-question off');
          cliFallback = measureCli(workspace, budget.capMs, values.quick ? 1 : 3, 15_000);
        }
      } finally {
        rmSync(config);
      }
    }

    const machine: Machine = {
      cpu: cpuModel(),
      cores: os.cpus().length,
      memoryGb: os.totalmem() / 1024 ** 3,
      node: process.version,
      os: `${os.type()} ${os.release()}`,
      ourVersion: ourVersion(),
      commit: commit(),
      peerVersion: peerVersion(),
      date: new Date().toISOString().slice(0, 10),
      loadBefore,
      loadAfter: os.loadavg(),
      runtimeS: (performance.now() - started) / 1000,
      capS: budget.capMs / 1000,
      nodeBaselineMb: nodeBaselineMb(),
      nodeStartMs: nodeStartMs(),
    };
    const report = renderReport({ machine, startup, startupQuestions: startupBank.questions, sizes: results, debounce, workspace: workspaceResult, workspaceFallback, cli, cliFallback, workspaceQuestions });
    process.stdout.write(`${report}\n`);
    if (write) {
      writeFileSync(out, report);
      log(`wrote ${path.relative(REPO_ROOT, out)}`);
    }
    return 0;
  } finally {
    if (values.keep) log(`kept the generated banks in ${temp}`);
    else rmSync(temp, { recursive: true, force: true });
  }
}

/** Peak RSS of a Node.js process that loads nothing: the floor under any server written for Node. */
function nodeBaselineMb(): number | undefined {
  const result = spawnSync(process.execPath, ['-e', "setTimeout(() => console.log(/VmHWM:\\s+(\\d+)/.exec(require('fs').readFileSync('/proc/self/status', 'utf8'))?.[1] ?? ''), 200)"], {
    encoding: 'utf8',
  });
  const kb = Number(result.stdout.trim());
  return kb > 0 ? kb / 1024 : undefined;
}

/** Wall clock of starting and ending a Node.js process that runs nothing: part of every server's start-up. */
function nodeStartMs(): number {
  const times = Array.from({ length: STARTS_OF_EMPTY_NODE }, () => {
    const start = performance.now();
    spawnSync(process.execPath, ['-e', '0']);
    return performance.now() - start;
  });
  return median(times)!;
}

function cpuModel(): string {
  try {
    const model = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1];
    if (model) return model.trim();
  } catch {
    // Not Linux: os.cpus() still knows.
  }
  return os.cpus()[0]?.model ?? 'unknown';
}

function commit(): string {
  const run = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' });
  return run.status === 0 ? run.stdout.trim() : 'unknown';
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`npm run bench: ${error.message}\n\n${USAGE}`);
      process.exit(2);
    }
    if (error instanceof WrongDiagnostics) {
      process.stderr.write(`\nBENCHMARK FAILED: a server reported the wrong problems, so no number is printed.\n${error.message}\n`);
    } else {
      process.stderr.write(`\nBENCHMARK FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    }
    process.exit(1);
  },
);
