// Times completion and document symbols on generated competency files of 15, 1,000 and 5,000 questions.
// Run with `node --import tsx scripts/bench-features.ts`. Prints medians; it asserts nothing.
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position } from 'vscode-languageserver';
import { parseDocument } from '../server/src/core/parseCache';
import { WorkspaceIndex } from '../server/src/core/workspace/workspaceIndex';
import { doComplete } from '../server/src/features/completion';
import { doHover } from '../server/src/features/hover';
import { findDocumentSymbols } from '../server/src/features/symbols';

const SIZES = [15, 1000, 5000];
const URI = 'file:///bench/big.competency.yaml';

function bank(count: number): string {
  const lines = ['competency: Benchmark', 'id: benchmark', 'summary: >-', '  A generated bank.', 'review:', '  status: ', 'questions:'];
  for (let i = 0; i < count; i++) {
    lines.push(
      `  - id: question-${i}`,
      '    text: >-',
      `      Tell me about a time you solved problem number ${i} for a colleague who was stuck.`,
      '    areas_to_cover:',
      '      - What the problem was',
      '      - What they did themselves',
      '    follow_ups: [What would you do differently?]',
      '    minutes: 10',
    );
  }
  // The cursor lines: a key being typed in the last question, then a new question item.
  lines.push('    ', '  - ');
  return `${lines.join('\n')}\n`;
}

function median(runs: number, work: () => void): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    work();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const index = new WorkspaceIndex();
const rows: string[][] = [];
for (const size of SIZES) {
  const text = bank(size);
  const document = TextDocument.create(URI, 'competency-yaml', 1, text);
  const lastLine = document.lineCount - 1;
  const positions: Record<string, Position> = {
    'key at end': { line: lastLine - 2, character: 4 },
    'new item at end': { line: lastLine - 1, character: 4 },
    'enum at top': { line: 5, character: 10 },
  };
  const completionRuns = size > 1000 ? 50 : 200;
  const complete = Object.fromEntries(
    Object.entries(positions).map(([name, position]) => [name, median(completionRuns, () => doComplete(document, position, { kind: 'competency', index }))]),
  );
  const hover = median(completionRuns, () => doHover(document, { line: lastLine - 4, character: 6 }, { kind: 'competency', index }));
  const parseRuns = size > 1000 ? 5 : size > 15 ? 15 : 100;
  let parsed = parseDocument(URI, 1, 'competency', text);
  const parse = median(parseRuns, () => {
    parsed = parseDocument(URI, 1, 'competency', text);
  });
  const symbols = median(parseRuns * 2, () => findDocumentSymbols(parsed, document, { index }));
  rows.push([
    String(size),
    `${Math.round(text.length / 1024)} KB`,
    ...Object.values(complete).map(ms),
    ms(hover),
    ms(symbols),
    ms(parse),
  ]);
}

const header = ['questions', 'size', 'complete: key at end', 'complete: new item', 'complete: enum at top', 'hover', 'symbols', 'parse (once per version)'];
const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i].length)));
const format = (row: string[]) => row.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join(' | ');
console.log(format(header));
console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
for (const row of rows) console.log(format(row));
console.log('\nMedians in milliseconds. Completion and hover read the lines around the cursor; symbols start from the cached parse.');

function ms(value: number): string {
  return value < 10 ? value.toFixed(2) : value.toFixed(0);
}
