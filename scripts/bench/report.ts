// Turns the results into Markdown: the tables printed to the terminal and written to docs/benchmarks.md, with the
// machine, the versions, a verdict per target and how to read and rerun it all.
import type { CliResult, SessionResult, StartupResult, WorkspaceResult } from './measure';
import { kb, mb, median, ms, percentile, ratio, type Series } from './stats';

export interface SizeResults {
  questions: number;
  bytes: number;
  peer: SessionResult;
  onSave: SessionResult;
  onType?: SessionResult;
  /** Ours again with duplicate-question off, when the shipped configuration timed out at this size. */
  fallback?: { onSave: SessionResult; onType?: SessionResult };
}

export interface DebounceResults {
  questions: number;
  peerShipped?: Series;
  peerZero?: Series;
  oursShipped?: Series;
  oursZero?: Series;
  peerDelayMs: number;
  oursDelayMs: number;
}

export interface Machine {
  cpu: string;
  cores: number;
  memoryGb: number;
  node: string;
  os: string;
  ourVersion: string;
  commit: string;
  peerVersion: string;
  date: string;
  loadBefore: number[];
  loadAfter: number[];
  runtimeS: number;
  capS: number;
  /** Peak RSS of an empty Node.js process on this machine. */
  nodeBaselineMb?: number;
  /** Wall clock of an empty Node.js process (`node -e 0`), median. */
  nodeStartMs?: number;
}

export interface Results {
  machine: Machine;
  startup: StartupResult;
  startupQuestions: number;
  sizes: SizeResults[];
  debounce: DebounceResults;
  workspace: WorkspaceResult;
  workspaceFallback?: WorkspaceResult;
  cli: CliResult;
  cliFallback?: CliResult;
  workspaceQuestions: number;
}

/** How many times `node -e 0` is run for the machine's process start figure. */
export const STARTS_OF_EMPTY_NODE = 5;

const p50 = (s?: Series) => (s ? median(s.values) : undefined);
const p95 = (s?: Series) => (s ? percentile(s.values, 95) : undefined);
const count = (s?: Series) => (s ? (s.values.length < s.planned ? `${s.values.length}/${s.planned}` : `${s.values.length}`) : '–');

function table(header: string[], rows: string[][]): string {
  return [`| ${header.join(' | ')} |`, `|${header.map((h, i) => (i === 0 ? '---' : '---:')).join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

function timedOut(result: SessionResult | WorkspaceResult | CliResult | undefined, cap: number): string {
  return result?.timedOut ? `> ${cap} s` : '–';
}

/** "met" or "missed by …" for a measured value against an upper bound. */
function verdict(value: number | undefined, limit: number, unit: 'ms' | 'MB' | '×' | 's', lowerIsBetter = true, timedOutAt?: number): string {
  if (value === undefined) return timedOutAt ? `**missed**: no result within the ${timedOutAt} s cap (over ${Math.round((timedOutAt * 1000) / limit)}× the target)` : 'not measured';
  if (lowerIsBetter ? value <= limit : value >= limit) return 'met';
  if (unit === '×') return `**missed**: ${value >= 10 ? value.toFixed(0) : value.toFixed(2)}× against at most ${limit.toFixed(2)}×`;
  const show = (v: number) => (unit === 'ms' ? ms(v) : unit === 'MB' ? mb(v) : `${v.toFixed(1)} s`);
  const times = value / limit;
  return `**missed** by ${show(value - limit)} (${times >= 10 ? times.toFixed(0) : times.toFixed(1)}× the target)`;
}

function sessionRow(questions: string, size: string, s: SessionResult | undefined, cap: number, marker = ''): string[] {
  if (!s) return [questions, size, '–', '–', '–', '–', '–', '–', '–', '–', '–', '–'];
  const to = timedOut(s, cap);
  return [
    questions,
    size,
    `${s.server}${marker}`,
    s.timedOut ? to : ms(s.startupMs),
    s.timedOut ? to : ms(s.coldMs),
    ms(p50(s.typing)),
    ms(p95(s.typing)),
    count(s.typing),
    ms(p50(s.keys)),
    ms(p50(s.completion)),
    ms(p50(s.symbols)),
    mb(s.peakMb),
  ];
}

export function renderReport(r: Results): string {
  const cap = r.machine.capS;
  const out: string[] = [];
  const bySize = (q: number) => r.sizes.find((s) => s.questions === q);
  const anyFallback = r.sizes.some((s) => s.fallback) || r.workspaceFallback || r.cliFallback;

  out.push(
    '# Benchmarks: Competency Guides language server and yaml-language-server',
    '',
    `Measured on ${r.machine.date} by \`npm run bench\` (scripts/bench/). One run, both servers driven the same way over stdio ` +
      'with the same files and the same edits. All times are client wall clock on this machine: from sending a message to ' +
      'receiving its answer, validation delays set to 0 on both sides (see [Debounce](#debounce)).',
    '',
    '## Machine and versions',
    '',
    ...(r.machine.loadBefore[0] > r.machine.cores
      ? [
          `The machine was busy during this run (load average ${r.machine.loadBefore[0].toFixed(1)} before and ${r.machine.loadAfter[0].toFixed(1)} after, ` +
            `on ${r.machine.cores} cores): absolute times are inflated, ratios between the two servers are the fairer reading.`,
          '',
        ]
      : []),
    table(
      ['', ''],
      [
        ['CPU', `${r.machine.cpu}, ${r.machine.cores} cores`],
        ['Memory', `${r.machine.memoryGb.toFixed(0)} GB`],
        ['OS', r.machine.os],
        ['Node.js', r.machine.node + (r.machine.nodeBaselineMb ? ` (an empty process peaks at ${r.machine.nodeBaselineMb.toFixed(0)} MB RSS)` : '')],
        ['Competency Guides', `${r.machine.ourVersion} (commit ${r.machine.commit}, dist/ built from the working tree)`],
        ['yaml-language-server', `${r.machine.peerVersion} (pinned devDependency)`],
        ['Load average (1 min) before / after', `${r.machine.loadBefore[0].toFixed(2)} / ${r.machine.loadAfter[0].toFixed(2)}`],
        ['Bench runtime', `${Math.floor(r.machine.runtimeS / 60)} min ${Math.round(r.machine.runtimeS % 60)} s`],
      ],
    ),
    '',
    '## Editing one bank',
    '',
    'Each row is one server process on one generated competency file: open it, then type, break and fix a key, ask for ' +
      'completion and document symbols. `ours (onSave)` checks syntax and schema as you type and runs the lint rules on ' +
      'open and save (the default); `ours (onType)` runs the lint rules on every change too.',
    '',
  );
  const rows: string[][] = [];
  for (const s of r.sizes) {
    const q = s.questions.toLocaleString('en-US');
    rows.push(sessionRow(q, kb(s.bytes), s.peer, cap));
    rows.push(sessionRow(q, kb(s.bytes), s.onSave, cap));
    if (s.onType) rows.push(sessionRow(q, kb(s.bytes), s.onType, cap));
    if (s.fallback) {
      rows.push(sessionRow(q, kb(s.bytes), s.fallback.onSave, cap, ' †'));
      if (s.fallback.onType) rows.push(sessionRow(q, kb(s.bytes), s.fallback.onType, cap, ' †'));
    }
  }
  out.push(
    table(['Questions', 'File', 'Server', 'Start → diagnostics', 'Open → diagnostics', 'Edit p50', 'Edit p95', 'Edits', 'Key edit p50', 'Completion p50', 'Symbols p50', 'Peak RSS'], rows),
    '',
  );
  if (anyFallback) {
    out.push(
      `† Ours again with \`duplicate-question: off\` in \`.competency-lint.yaml\`, because with the shipped rules it gave no ` +
        `diagnostics within the ${cap} s cap at this size (see [Findings](#findings)).`,
      '',
    );
  }
  const notes = r.sizes.flatMap((s) =>
    [s.peer, s.onSave, s.onType, s.fallback?.onSave, s.fallback?.onType]
      .filter((x): x is SessionResult => x !== undefined)
      .flatMap((x) => [...(x.timedOut ? [`${x.timedOut}`] : []), ...x.notes].map((n) => `- ${s.questions.toLocaleString('en-US')} questions, ${x.server}: ${n}.`)),
  );
  if (notes.length) out.push('Series cut short (the p95 of fewer than 20 samples is their maximum):', '', ...notes, '');

  out.push('### Ours relative to the peer', '', 'Ours divided by the peer\'s: below 1× is faster or smaller.', '');
  out.push(
    table(
      ['Questions', 'Open → diagnostics', 'Edit p50 (onSave)', 'Edit p50 (onType)', 'Completion p50', 'Symbols p50', 'Peak RSS'],
      r.sizes.map((s) => {
        const save = s.onSave.timedOut && s.fallback ? s.fallback.onSave : s.onSave;
        const type = s.onType ?? s.fallback?.onType;
        const mark = s.onSave.timedOut && s.fallback ? ' †' : '';
        const peakOurs = Math.max(...[save.peakMb, type?.peakMb].filter((v): v is number => v !== undefined));
        return [
          s.questions.toLocaleString('en-US'),
          s.onSave.timedOut ? `> ${ratio(cap * 1000, s.peer.coldMs)}` : ratio(s.onSave.coldMs, s.peer.coldMs),
          ratio(p50(save.typing), p50(s.peer.typing)) + mark,
          ratio(p50(type?.typing), p50(s.peer.typing)) + (s.onType ? '' : mark),
          ratio(p50(save.completion), p50(s.peer.completion)) + mark,
          ratio(p50(save.symbols), p50(s.peer.symbols)) + mark,
          (Number.isFinite(peakOurs) ? ratio(peakOurs, s.peer.peakMb) : '–') + mark,
        ];
      }),
    ),
    '',
  );

  const st = r.startup;
  const spread = (values: number[]) => (values.length ? `${ms(Math.min(...values))} – ${ms(Math.max(...values))}` : '–');
  out.push(
    '## Start-up',
    '',
    `Spawning the server → the first diagnostics of a ${r.startupQuestions}-question file, with \`initialize\`, settings and ` +
      `\`didOpen\` sent as an editor sends them; ${st.peer.length} starts of each, taking turns. Ours keeps V8's compiled code ` +
      'in a folder the extension gives it (its global storage): the first start after installing or updating has none and ' +
      'writes it; every later start runs from it.',
    '',
    table(
      ['Server', 'Start → diagnostics p50', 'Range', 'Relative to the peer'],
      [
        ['yaml-language-server', ms(median(st.peer)), spread(st.peer), '1×'],
        ['ours, first start (no code cache yet)', ms(median(st.firstStarts)), spread(st.firstStarts), ratio(median(st.firstStarts), median(st.peer))],
        ['ours, later starts', ms(median(st.laterStarts)), spread(st.laterStarts), ratio(median(st.laterStarts), median(st.peer))],
      ],
    ),
    '',
  );
  if (!st.cacheWritten) out.push(`The warm-up start wrote no code cache within the ${cap} s cap: the later starts had none either.`, '');
  out.push(
    `An empty Node.js process (\`node -e 0\`) takes ${ms(r.machine.nodeStartMs)} here (median of ${STARTS_OF_EMPTY_NODE}); the ` +
      'per-size table above has one start per session, taken from the same kept cache.',
    '',
  );

  out.push(
    '## Preview',
    '',
    'The `competencyGuides/renderGuide` request after each typed character: the HTML the preview shows. Peak RSS is the ' +
      'session\'s, the renders included.',
    '',
  );
  out.push(
    table(
      ['Questions', 'Render p50', 'Render p95', 'Renders', 'Peak RSS'],
      r.sizes.map((s) => {
        const session = s.onSave.timedOut && s.fallback ? s.fallback.onSave : s.onSave;
        const mark = s.onSave.timedOut && s.fallback ? ' †' : '';
        return [
          s.questions.toLocaleString('en-US'),
          ms(p50(session.render)) + mark,
          ms(p95(session.render)) + mark,
          count(session.render),
          mb(session.previewPeakMb) + mark,
        ];
      }),
    ),
    '',
  );

  const ws = r.workspace;
  const wsf = r.workspaceFallback;
  const cliP50 = median(r.cli.runs);
  const cliFallbackP50 = r.cliFallback ? median(r.cliFallback.runs) : undefined;
  const perSecond = (files: number, msValue?: number) => (msValue ? `${Math.round(files / (msValue / 1000)).toLocaleString('en-US')} files/s` : '–');
  out.push(
    '## Workspace and command line',
    '',
    `A workspace of ${ws.files.toLocaleString('en-US')} competency files (${kb(ws.bytes)}, ${r.workspaceQuestions.toLocaleString('en-US')} questions, ` +
      'in folders of 50). Our server indexes every bank file of the workspace and publishes diagnostics for the files that ' +
      'are not open. It is started as the extension starts it, with a folder for the checks of closed files kept between ' +
      'sessions, in pairs: a first session with the folder emptied reads every file afresh, and the session after it takes ' +
      'the checks of the unchanged files from it. The command line keeps nothing. The peer checks open files only, so it ' +
      'has no row here.',
    '',
    table(
      ['', 'Time', 'Rate', 'Peak RSS'],
      [
        [
          `Server start → all files have diagnostics, first session, nothing kept yet (median of ${ws.firstStarts.length}: ${ws.firstStarts.map((v) => ms(v)).join(', ')})`,
          ws.firstMs === undefined ? `> ${cap} s` : ms(ws.firstMs),
          ws.firstMs === undefined ? '–' : perSecond(ws.files, ws.firstMs),
          mb(ws.peakMb),
        ],
        [
          `… the session after each, the checks of unchanged files kept (median of ${ws.starts.length}: ${ws.starts.map((v) => ms(v)).join(', ')})`,
          ws.timedOut ? `> ${cap} s` : ms(ws.indexMs),
          ws.timedOut ? '–' : perSecond(ws.files, ws.indexMs),
          '',
        ],
        ...(wsf ? [['… with duplicate-question off †', wsf.timedOut ? `> ${cap} s` : ms(wsf.firstMs), wsf.timedOut ? '–' : perSecond(wsf.files, wsf.firstMs), mb(wsf.peakMb)]] : []),
        [`\`competency-guides lint\`, process included${r.cli.runs.length ? ` (median of ${r.cli.runs.length} runs)` : ''}`, r.cli.timedOut ? `> ${cap} s` : ms(cliP50), r.cli.timedOut ? '–' : perSecond(r.cli.files, cliP50), '–'],
        [`… without process start (${ms(r.cli.startupMs)} for \`--version\`)`, r.cli.timedOut || !cliP50 ? '–' : ms(cliP50 - (r.cli.startupMs ?? 0)), r.cli.timedOut || !cliP50 ? '–' : perSecond(r.cli.files, cliP50 - (r.cli.startupMs ?? 0)), '–'],
        ...(r.cliFallback
          ? [
              ['… with duplicate-question off †, process included', r.cliFallback.timedOut ? `> ${cap} s` : ms(cliFallbackP50), perSecond(r.cliFallback.files, cliFallbackP50), '–'],
              [
                '… with duplicate-question off †, without process start',
                cliFallbackP50 ? ms(cliFallbackP50 - (r.cliFallback.startupMs ?? 0)) : '–',
                cliFallbackP50 ? perSecond(r.cliFallback.files, cliFallbackP50 - (r.cliFallback.startupMs ?? 0)) : '–',
                '–',
              ],
            ]
          : []),
      ],
    ),
    '',
  );

  const d = r.debounce;
  out.push(
    '## Debounce',
    '',
    `- **yaml-language-server** waits a fixed ${d.peerDelayMs} ms after each change before it validates: \`validationDelayMs = ${d.peerDelayMs}\` ` +
      'in `node_modules/yaml-language-server/out/server/src/yamlSettings.js`, used by ' +
      '`out/server/src/languageserver/handlers/validationHandlers.js`. It lives in the server, not in the VS Code client, and ' +
      'no setting changes it. For the tables the benchmark starts the peer through `scripts/bench/peerServer.cjs`, which ' +
      'sets it to 0 at start-up and changes nothing else.',
    `- **Ours** waits \`competencyGuides.validate.delay\` (default ${d.oursDelayMs} ms), set to 0 for the tables.`,
    '',
    `As shipped, on the ${d.questions}-question bank (onSave):`,
    '',
    table(
      ['Server', 'Delay', 'Edit p50 as shipped', 'Edit p50 with delay 0', 'Edits'],
      [
        ['yaml-language-server', `${d.peerDelayMs} ms`, ms(p50(d.peerShipped)), ms(p50(d.peerZero)), count(d.peerShipped)],
        ['ours', `${d.oursDelayMs} ms`, ms(p50(d.oursShipped)), ms(p50(d.oursZero)), count(d.oursShipped)],
      ],
    ),
    '',
  );

  out.push('## Targets', '', 'Ratios are from this one run. "Nearly flat" is read as: the 5,000-question p50 at most 2× the 10-question p50.', '');
  const targetRows: string[][] = [];
  const q1000 = bySize(1000);
  const q15 = bySize(15);
  const q10 = bySize(10);
  const q5000 = bySize(5000);
  for (const mode of ['onSave', 'onType'] as const) {
    const pick = (s?: SizeResults) => (mode === 'onSave' ? s?.onSave : s?.onType);
    const at1000 = pick(q1000);
    targetRows.push([`Edit → diagnostics p50 at 1,000 questions ≤ 15 ms (${mode})`, at1000?.timedOut ? `> ${cap} s (open)` : ms(p50(at1000?.typing)), verdict(p50(at1000?.typing), 15, 'ms', true, at1000?.timedOut ? cap : undefined)]);
    const at15 = pick(q15);
    targetRows.push([`Edit → diagnostics p50 at 15 questions ≤ 5 ms (${mode})`, ms(p50(at15?.typing)), verdict(p50(at15?.typing), 5, 'ms')]);
    const small = p50(pick(q10)?.typing);
    const bigSession = pick(q5000)?.timedOut ? (mode === 'onSave' ? q5000?.fallback?.onSave : q5000?.fallback?.onType) : pick(q5000);
    // Without a 5,000-question measurement, the largest size measured shows whether the curve is flat.
    const largest = [...r.sizes].reverse().find((s) => p50(pick(s)?.typing) !== undefined && s.questions > 10);
    const bigQuestions = p50(bigSession?.typing) !== undefined ? 5000 : largest?.questions;
    const big = p50(bigSession?.typing) ?? p50(pick(largest)?.typing);
    const flat = small && big ? big / small : undefined;
    const flatMark = bigSession && p50(bigSession.typing) !== undefined && bigSession !== pick(q5000) ? ' †' : '';
    const at = bigQuestions && bigQuestions !== 5000 ? ` at ${bigQuestions.toLocaleString('en-US')}, 5,000 not measured` : '';
    const flatVerdict = at && flat !== undefined && flat <= 2 ? 'not measured at 5,000' : verdict(flat, 2, '×');
    targetRows.push([`Nearly flat from 10 to 5,000 questions (${mode})`, flat ? `${ms(small)} → ${ms(big)}${flatMark} (${flat.toFixed(1)}×${at})` : '–', flatVerdict]);
  }
  const completions = r.sizes.map((s) => ({ q: s.questions, v: p50((s.onSave.timedOut && s.fallback ? s.fallback.onSave : s.onSave).completion) }));
  const worstCompletion = completions.reduce((a, b) => ((b.v ?? 0) > (a.v ?? 0) ? b : a), completions[0]);
  targetRows.push(['Completion p50 ≤ 5 ms at every size', `worst ${ms(worstCompletion?.v)} at ${worstCompletion?.q.toLocaleString('en-US')}`, verdict(worstCompletion?.v, 5, 'ms')]);
  const rss = r.sizes.map((s) => {
    const sessions = [s.onSave, s.onType, s.fallback?.onSave, s.fallback?.onType].filter((x): x is SessionResult => x?.peakMb !== undefined);
    const ours = Math.max(...sessions.map((x) => x.peakMb!));
    return { q: s.questions, share: s.peer.peakMb && Number.isFinite(ours) ? ours / s.peer.peakMb : undefined };
  });
  const worstRss = rss.reduce((a, b) => ((b.share ?? 0) > (a.share ?? 0) ? b : a), rss[0]);
  // Below a third of the peer's small-file figure there is no room: an empty Node.js process is most of it.
  const smallest = r.sizes[0];
  const floor =
    r.machine.nodeBaselineMb && smallest?.peer.peakMb
      ? ` (an empty Node.js process alone is ${(r.machine.nodeBaselineMb / smallest.peer.peakMb).toFixed(2)}× the peer's ${smallest.questions}-question figure)`
      : '';
  targetRows.push(['Server RSS ≤ 1/3 of the peer\'s', `worst ${worstRss?.share?.toFixed(2)}× at ${worstRss?.q.toLocaleString('en-US')}${floor}`, verdict(worstRss?.share, 1 / 3, '×')]);
  targetRows.push([
    `${ws.files.toLocaleString('en-US')}-file workspace indexed ≤ 3 s after start, first session (nothing kept yet)`,
    ws.firstMs === undefined ? `> ${cap} s` : ms(ws.firstMs),
    verdict(ws.firstMs, 3000, 'ms', true, ws.firstMs === undefined ? cap : undefined),
  ]);
  targetRows.push([
    '… later sessions (the checks of unchanged files kept)',
    ws.timedOut ? `> ${cap} s` : ms(ws.indexMs),
    verdict(ws.indexMs, 3000, 'ms', true, ws.timedOut ? cap : undefined),
  ]);
  targetRows.push(['… at ≤ 250 MB RSS', mb(ws.peakMb ?? wsf?.peakMb) + (ws.peakMb === undefined && wsf ? ' †' : ''), verdict(ws.peakMb ?? wsf?.peakMb, 250, 'MB')]);
  const render15 = p50(q15?.onSave.render);
  const render1000Session = q1000?.onSave.timedOut && q1000.fallback ? q1000.fallback.onSave : q1000?.onSave;
  targetRows.push(['Preview update ≤ 50 ms at 15 questions', ms(render15), verdict(render15, 50, 'ms')]);
  targetRows.push(['Preview update ≤ 200 ms at 1,000 questions', ms(p50(render1000Session?.render)), verdict(p50(render1000Session?.render), 200, 'ms')]);
  targetRows.push([
    `CLI: ${r.cli.files.toLocaleString('en-US')} files linted ≤ 3 s`,
    r.cli.timedOut ? `> ${cap} s` : ms(cliP50),
    verdict(cliP50, 3000, 'ms', true, r.cli.timedOut ? cap : undefined),
  ]);
  const startup = median(r.startup.laterStarts);
  targetRows.push([
    `Server start → first diagnostics < 300 ms (${r.startupQuestions}-question file, p50 of later starts)`,
    `${ms(startup)} (first start: ${ms(median(r.startup.firstStarts))})`,
    verdict(startup, 300, 'ms'),
  ]);
  out.push(table(['Target', 'Measured', 'Verdict'], targetRows), '');

  out.push('## Findings', '', ...findings(r).map((f) => `- ${f}`), '');

  out.push(
    '## How to read this',
    '',
    '- **Start → diagnostics**: from spawning the server process to the first diagnostics for the file, with `initialize`, ' +
      'settings and `didOpen` sent as an editor sends them; one start per session, ours with the code cache kept by the ' +
      'start-up series (see [Start-up](#start-up) for medians). **Open → diagnostics**: from `didOpen` to those diagnostics.',
    `- **Edit**: a single-character change typed into the text of the middle question (the word "quickly " typed and deleted ` +
      'again, so the file stays valid), timed from `didChange` to the diagnostics for that version. Ours publishes with the ' +
      'document version; the peer publishes without one, so its next publish after the change counts. **Key edit**: deleting ' +
      'and retyping the last letter of that question\'s `areas_to_cover` key, which makes and then clears a schema error.',
    '- **Completion** is asked on an empty, indented line after the last key of a question three quarters down the file; ' +
      '**symbols** are the document outline. Both are request → response.',
    '- **Peak RSS** is the server process\'s `VmHWM` from `/proc/<pid>/status` once it has done what both servers are ' +
      'given (open, typing, key edits, completion, symbols), so the two are compared on the same work; ours renders the ' +
      'preview after that, and its peak with the preview is in the [Preview](#preview) table. The clean bank is checked ' +
      'in a process of its own. Each server runs as its extension starts it: ours with the Node options and environment ' +
      'of `common/serverProcess.ts` (a smaller young generation, a slower-growing old one, one malloc arena), the peer ' +
      "with Node's defaults, as vscode-yaml starts it.",
    '- Before any number is kept, every publish is checked: ours must report exactly the planted problems (rule id and ' +
      'line, nothing else), after opening and after every edit, and nothing on the clean bank; the peer, which knows only ' +
      'YAML and the JSON schema, must flag exactly the lines of the planted schema errors. Completion must offer `tags`, ' +
      'symbols must not be empty, the preview must render. A wrong answer stops the benchmark with exit code 1.',
    `- Every wait is capped at ${cap} s and every series has a time budget, so the run stays near ten minutes; a series ` +
      'cut short is listed under the table with how many samples it has. p95 of fewer than 20 samples is the maximum.',
    '- The machine may be shared: the load average before and after the run is in the first table. Compare ratios from ' +
      'one run rather than absolute times across runs.',
    '',
    '### The banks',
    '',
    'Generated (deterministically) into a temporary folder, never into the repository: competency files like the examples, ' +
      'about 1.2 KB a question (question text, six areas to cover, five follow-ups, minutes, tags) under a header with ' +
      'summary, evaluation, signals and a rating scale. Question texts are assembled from word groups (opener, verb, ' +
      'system, symptom, team, place, timing, situation, outcome, ask), a few forms used most of the time as people do, and ' +
      'no two of them near duplicates. Each planted bank has seven problems: an unknown question key, `minutes: ten`, an id ' +
      'that is not kebab-case (these three the peer finds too), a question without follow-ups, a hypothetical question, a ' +
      'question about age and a repeated question id (ours only). The clean bank of the same size has none.',
    '',
    '## How to run',
    '',
    '```',
    'npm install',
    'npm run bench                 # builds dist/, runs everything, writes docs/benchmarks.md',
    'npm run bench -- --quick      # smaller budgets and sizes up to 1,000, for a quick look (does not write the doc)',
    'npm run bench -- --sizes 10,100 --cap 30 --no-write',
    '```',
    '',
    'Options: `--sizes` (question counts), `--files` (workspace size, default 1000), `--cap` (seconds, the longest wait for ' +
      'one answer), `--out` (the Markdown file), `--no-write`, `--no-build`, `--keep` (keep the generated banks and print ' +
      'where).',
    '',
  );
  return out.join('\n');
}

/** What stands out in this run, computed from the numbers: where ours is slower or bigger, and what timed out. */
function findings(r: Results): string[] {
  const cap = r.machine.capS;
  const found: string[] = [];
  for (const s of r.sizes) {
    const q = `${s.questions.toLocaleString('en-US')} questions`;
    if (s.onSave.timedOut) {
      found.push(
        `At ${q} ours gave no diagnostics within ${cap} s of opening the file (the peer: ${ms(s.peer.coldMs)}). Opening ` +
          'a file runs the lint rules; the rows marked † show the same session with `duplicate-question` off.',
      );
    }
    const slower: string[] = [];
    const compareTo = (name: string, oursValue: number | undefined, peerValue: number | undefined) => {
      if (oursValue !== undefined && peerValue !== undefined && oursValue > peerValue) slower.push(`${name} ${ms(oursValue)} vs ${ms(peerValue)}`);
    };
    const save = s.onSave.timedOut && s.fallback ? s.fallback.onSave : s.onSave;
    if (!s.onSave.timedOut) compareTo('open', s.onSave.coldMs, s.peer.coldMs);
    compareTo('edit (onSave)', p50(save.typing), p50(s.peer.typing));
    compareTo('edit (onType)', p50(s.onType?.typing ?? s.fallback?.onType?.typing), p50(s.peer.typing));
    compareTo('key edit (onSave)', p50(save.keys), p50(s.peer.keys));
    compareTo('completion', p50(save.completion), p50(s.peer.completion));
    compareTo('symbols', p50(save.symbols), p50(s.peer.symbols));
    const oursPeak = Math.max(...[save.peakMb, s.onType?.peakMb].filter((v): v is number => v !== undefined));
    if (s.peer.peakMb && oursPeak > s.peer.peakMb) slower.push(`peak RSS ${mb(oursPeak)} vs ${mb(s.peer.peakMb)}`);
    if (slower.length) found.push(`At ${q} ours is slower or bigger than the peer in: ${slower.join('; ')} (p50s).`);
  }
  if (r.workspace.timedOut) {
    found.push(
      `The ${r.workspace.files.toLocaleString('en-US')}-file workspace was not indexed within ${cap} s` +
        (r.workspaceFallback?.firstMs ? `; with duplicate-question off it took ${ms(r.workspaceFallback.firstMs)}.` : '.'),
    );
  }
  if (r.cli.timedOut) {
    const fallback = r.cliFallback ? median(r.cliFallback.runs) : undefined;
    found.push(`\`competency-guides lint\` on the workspace did not finish within ${cap} s` + (fallback ? `; with duplicate-question off it took ${ms(fallback)}.` : '.'));
  }
  if (!found.length) found.push('Ours is faster and smaller than the peer on every measurement of this run, and nothing timed out.');
  return found;
}
