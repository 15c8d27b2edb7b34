import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { REPO_ROOT } from '../helpers/lspClient';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const EXAMPLES = path.join(REPO_ROOT, 'examples');
const GOLDEN = path.join(REPO_ROOT, 'test', 'fixtures', 'render', 'examples');

function run(args: string[], cwd = EXAMPLES) {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first.`);
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function withTempDir(body: (dir: string) => void): void {
  const dir = mkdtempSync(path.join(tmpdir(), 'cg-export-'));
  try {
    body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const bank = (id: string, minutes = '') =>
  [
    'competency: Calm Under Pressure',
    `id: ${id}`,
    'summary: Staying calm.',
    'questions:',
    '  - id: outage',
    '    text: Tell me about a time an outage hit during your shift.',
    ...(minutes ? [`    minutes: ${minutes}`] : []),
    '  - id: deadline',
    '    text: Describe a time you met a deadline that slipped twice.',
    '',
  ].join('\n');

describe('competency-guides export', () => {
  test('HTML to stdout: one self-contained page, the preview stylesheet inlined, the renderer body', () => {
    const result = run(['export', 'it-support-onsite.guide.yaml']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stderr, '');
    const page = result.stdout;
    assert.match(page, /^<!DOCTYPE html>\n<html lang="en">/);
    assert.ok(page.includes(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src https: data:">`));
    assert.ok(page.includes('<title>IT Support Specialist, onsite</title>'));
    const css = readFileSync(path.join(REPO_ROOT, 'media', 'preview.css'), 'utf8').trim();
    assert.ok(page.includes(css), 'media/preview.css is inlined');
    assert.match(page, /--vscode-editor-background: #ffffff/);
    assert.doesNotMatch(page, /<script|<link|<iframe| src="(?!https:)/i);
    // What you preview is what you export: the body is the renderer's fragment, byte for byte.
    const body = page.slice(page.indexOf('<body class="cg-export">\n') + '<body class="cg-export">\n'.length, page.lastIndexOf('\n</body>'));
    assert.equal(body, readFileSync(path.join(GOLDEN, 'it-support-onsite.guide.html'), 'utf8').trim());
  });

  test('Markdown to stdout is the renderer golden', () => {
    for (const name of ['it-support-onsite.guide', 'service-orientation.competency']) {
      const result = run(['export', `${name}.yaml`, '--format', 'md']);
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stdout, readFileSync(path.join(GOLDEN, `${name}.md`), 'utf8'));
    }
  });

  test('--output writes the file (an output named *.md means Markdown) and may replace a file it names', () => {
    withTempDir((dir) => {
      const html = path.join(dir, 'guide.html');
      let result = run(['export', path.join(EXAMPLES, 'resourcefulness.competency.yaml'), '--output', html]);
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stdout, '');
      assert.match(readFileSync(html, 'utf8'), /^<!DOCTYPE html>[\s\S]*<h1 data-line="\d+">Resourcefulness<\/h1>/);

      const md = path.join(dir, 'guide.md');
      writeFileSync(md, 'old content');
      result = run(['export', 'resourcefulness.competency.yaml', '--output', md]);
      assert.equal(result.code, 0, result.stderr);
      assert.equal(readFileSync(md, 'utf8'), readFileSync(path.join(GOLDEN, 'resourcefulness.competency.md'), 'utf8'));
    });
  });

  test("a guide's competencies come from the current folder; the config's question_minutes applies", () => {
    withTempDir((dir) => {
      writeFileSync(path.join(dir, 'calm.competency.yaml'), bank('calm', '20'));
      writeFileSync(path.join(dir, '.competency-lint.yaml'), 'question_minutes: 5\n');
      writeFileSync(
        path.join(dir, 'plan.guide.yaml'),
        ['guide: Short plan', 'id: short-plan', 'duration_minutes: 20', 'sections:', '  - competency: calm', '  - competency: missing-one', ''].join('\n'),
      );
      const result = run(['export', 'plan.guide.yaml', '--format', 'md'], dir);
      assert.equal(result.code, 0, result.stderr);
      // 20 (its own) + 5 (the config's default) for calm, nothing chosen for the unknown competency.
      assert.match(result.stdout, /- \*\*Planned:\*\* 25 minutes \(5 minutes over\)/);
      assert.match(result.stdout, /## Calm Under Pressure \(25 min\)\n\n### Question 1 \(20 min\)/);
      assert.match(result.stdout, /No competency with the id `missing-one` was found\./);
      assert.match(result.stderr, /note: No competency file under .* has the id `missing-one`/);
    });
  });

  test('exit 2 with a message, and nothing written, when the export cannot be made', () => {
    withTempDir((dir) => {
      cpSync(path.join(EXAMPLES, 'broken', 'yaml-syntax.competency.yaml'), path.join(dir, 'broken.competency.yaml'));
      writeFileSync(path.join(dir, 'notes.yaml'), 'a: 1\n');
      writeFileSync(path.join(dir, 'ok.competency.yaml'), bank('ok'));
      const cases: [string[], RegExp][] = [
        [['export'], /Name the file to export/],
        [['export', 'a.competency.yaml', 'b.competency.yaml'], /export takes one file, not 2/],
        [['export', 'missing.competency.yaml'], /No such file: missing\.competency\.yaml/],
        [['export', 'notes.yaml'], /notes\.yaml is not a competency or guide file/],
        [['export', 'ok.competency.yaml', '--format', 'pdf'], /Unknown format `pdf`; use html or md/],
        [['export', 'ok.competency.yaml', '--bogus'], /Unknown option '--bogus'/],
        [['export', 'ok.competency.yaml', '--output', 'ok.competency.yaml'], /--output names the file being exported/],
        [['export', 'ok.competency.yaml', '--output', path.join('no', 'such', 'folder', 'x.html')], /Cannot write/],
        [['export', 'broken.competency.yaml', '--output', 'broken.html'], /broken\.competency\.yaml:\d+: .* not valid YAML, so it was not exported/],
      ];
      for (const [args, message] of cases) {
        const result = run(args, dir);
        assert.equal(result.code, 2, `${args.join(' ')}: ${result.stdout}${result.stderr}`);
        assert.match(result.stderr, message);
        assert.equal(result.stdout, '');
        assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
      }
      assert.equal(existsSync(path.join(dir, 'broken.html')), false);
      assert.equal(readFileSync(path.join(dir, 'ok.competency.yaml'), 'utf8'), bank('ok'));
    });
  });

  test('the usage names the command', () => {
    assert.match(run(['--help']).stdout, /competency-guides export <file> \[--format html\|md\] \[--output path\]/);
  });
});
