// `npm run fuzz -- --cases N --seed S`: a longer fuzz run than the test suite's (test/fuzz/fuzz.test.ts), with the
// full-size mutations (lines of 200,000 characters, nesting 10,000 deep) and every request after each edit. New
// failures are written to test/fuzz/reproducers/<seed>-<case>.<kind>.yaml (with a .json sidecar), which
// test/fuzz/regressions.test.ts replays; failures of known issues (test/fuzz/knownIssues.ts) only with --all.
import { parseArgs } from 'node:util';
import { REPRODUCERS, runFuzz } from '../test/fuzz/fuzzer';
import { KNOWN_ISSUES } from '../test/fuzz/knownIssues';

const usage = `Usage: npm run fuzz -- [--cases N] [--seed S] [--quick] [--cli-every N] [--out folder] [--all] [--no-reproducers]

  --cases N         cases to run (default 10000)
  --seed S          the seed (default: from the clock, printed so the run can be repeated)
  --quick           the test suite's sizes and three requests per case instead of all six
  --cli-every N     every Nth case also goes through the CLI (default 25; 0 for none)
  --out folder      where reproducers go (default test/fuzz/reproducers)
  --all             write reproducers for failures of known issues too
  --no-reproducers  write none`;

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        cases: { type: 'string', default: '10000' },
        seed: { type: 'string' },
        quick: { type: 'boolean', default: false },
        'cli-every': { type: 'string', default: '25' },
        out: { type: 'string', default: REPRODUCERS },
        all: { type: 'boolean', default: false },
        'no-reproducers': { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${usage}`);
    return 2;
  }
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const cases = Number(values.cases);
  const seed = values.seed === undefined ? Date.now() % 2 ** 31 : Number(values.seed);
  const cliEvery = Number(values['cli-every']);
  if (![cases, seed, cliEvery].every((n) => Number.isInteger(n) && n >= 0)) {
    console.error(`--cases, --seed and --cli-every take whole numbers.\n\n${usage}`);
    return 2;
  }
  console.log(`Fuzzing ${cases} cases with seed ${seed}${values.quick ? ' (quick)' : ''}; repeat with: npm run fuzz -- --cases ${cases} --seed ${seed}${values.quick ? ' --quick' : ''}`);
  const report = await runFuzz({
    seed,
    cases,
    cliEvery,
    scale: values.quick ? 'quick' : 'full',
    requestsPerCase: values.quick ? 3 : undefined,
    reproducerDir: values['no-reproducers'] ? undefined : values.out,
    writeKnown: values.all,
    log: (line) => console.log(line),
  });
  const fresh = report.failures.filter((failure) => !failure.known);
  const known = new Map<string, number>();
  for (const failure of report.failures) for (const id of failure.known ?? []) known.set(id, (known.get(id) ?? 0) + 1);
  const round = (record: Record<string, number>) =>
    Object.entries(record)
      .sort((a, b) => b[1] - a[1])
      .map(([what, ms]) => `${what} ${Math.round(ms)} ms`)
      .join(', ');
  console.log(
    [
      '',
      `${report.cases} cases (${report.invalidCases} not valid YAML) in ${(report.ms / 1000).toFixed(1)} s; ${report.cliFiles} through the CLI, ${report.exports} exported; ${report.serverRestarts} server restarts.`,
      `Slowest: ${round(report.slowest)}.`,
      `Waited in all: ${round(report.total)}.`,
      `Mutations: ${Object.entries(report.mutations).map(([name, count]) => `${name} ${count}`).join(', ')}.`,
      ...[...known].map(([id, count]) => `Known issue ${id}: ${count} cases. ${KNOWN_ISSUES.find((issue) => issue.id === id)?.summary ?? ''}`),
      fresh.length ? `${fresh.length} new failing cases${fresh[0].reproducer ? `; reproducers in ${values.out}` : ''}.` : 'No new failures.',
    ].join('\n'),
  );
  return fresh.length ? 1 : 0;
}

void main().then((code) => {
  process.exitCode = code;
});
