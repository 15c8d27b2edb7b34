// Render time of the interview guide for generated competency files of 15, 1,000 and 5,000 questions: the median
// of several runs, printed as a table. A measurement, not a test: nothing here passes or fails.
//
//   node --import tsx scripts/bench-render.ts [runs]
import { performance } from 'node:perf_hooks';
import { checkText } from '../server/src/core/check';
import { renderHtml, renderMarkdown } from '../server/src/core/render';
import { parseYaml } from '../server/src/core/yamlDocument';

const SIZES = [15, 1_000, 5_000];
const RUNS = Number(process.argv[2]) || 7;

/** A bank like the examples; every fifth question has no follow-ups, so there are problems to place. */
function competency(questions: number): string {
  const lines = [
    'competency: Generated Competency',
    'id: generated-competency',
    'roles: [IT Support Specialist]',
    'summary: >-',
    '  A generated competency with **Markdown** in its text, used to time the renderer.',
    'evaluation: >-',
    '  Listen for *specific* past examples and [the guide](https://example.com/guide).',
    'signals:',
    '  positive: [Names the impact, Follows through]',
    '  red_flags: [Blames users]',
    'rating_scale:',
    '  - { score: 1, label: No, anchor: No example }',
    '  - { score: 2, label: Maybe, anchor: Vague example }',
    '  - { score: 3, label: Yes, anchor: Clear example }',
    'questions:',
  ];
  for (let i = 0; i < questions; i++) {
    lines.push(
      `  - id: question-${i}`,
      '    text: >-',
      `      Tell me about a time you handled situation number ${i} with a user who needed *urgent* help,`,
      `      and what you did first (case ${i}).`,
      '    areas_to_cover:',
      `      - How they understood problem ${i}`,
      '      - What they did and why',
      '      - The outcome for the user',
    );
    if (i % 5 !== 0) lines.push('    follow_ups:', `      - What told you it was urgent (${i})?`, '      - What would you change now?');
    if (i % 3 === 0) lines.push('    minutes: 10');
  }
  lines.push('faq:', '  - question: Can the example come from outside IT?', '    answer: Yes, if it shows the same behavior.');
  return `${lines.join('\n')}\n`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Median of `runs` timed runs after a few untimed ones, so compilation and first-use costs are not measured. */
function time(run: () => unknown, runs: number): number {
  for (let i = 0; i < 3; i++) run();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    run();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

const rows: string[][] = [];
for (const size of SIZES) {
  const text = competency(size);
  const checked = checkText(text, 'competency', { lint: true });
  const problems = [...checked.validation, ...checked.lint];
  // Small files take a millisecond or so: more samples keep their median steady.
  const runs = size < 100 ? Math.max(RUNS, 51) : RUNS;
  const parse = time(() => parseYaml(text), runs);
  const html = time(() => renderHtml({ text, kind: 'competency', problems }), runs);
  const markdown = time(() => renderMarkdown({ text, kind: 'competency' }), runs);
  const output = renderHtml({ text, kind: 'competency', problems }).html;
  rows.push([
    size.toLocaleString('en-US'),
    `${(text.length / 1024).toFixed(0)} KiB`,
    problems.length.toLocaleString('en-US'),
    parse.toFixed(1),
    html.toFixed(1),
    markdown.toFixed(1),
    `${(output.length / 1024).toFixed(0)} KiB`,
  ]);
}

const header = ['Questions', 'YAML', 'Problems', 'Parse ms', 'HTML ms', 'Markdown ms', 'HTML out'];
const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i].length)));
const line = (cells: string[]) => `| ${cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join(' | ')} |`;
console.log(`Render time, median of ${RUNS} runs (51 for the small file) (Node ${process.version}); HTML and Markdown include parsing, HTML places the problems.\n`);
console.log(line(header));
console.log(`|${widths.map((width, i) => (i === 0 ? '-'.repeat(width + 2) : `${'-'.repeat(width + 1)}:`)).join('|')}|`);
for (const row of rows) console.log(line(row));
